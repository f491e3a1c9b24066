import { test } from 'node:test';
import assert from 'node:assert/strict';
import { peerComparisonAdvice, percentileRank } from './peer-comparison.ts';
import { touShiftAdvice } from './tou-shift-advice.ts';
import { nearestRankPercentile, standbyLoadAdvice } from './standby-load-advice.ts';

test('peer comparison: percentile rank and words with the numbers', () => {
  const peers = [100, 120, 150, 180, 200, 220, 250, 300, 350, 400].map((k) => k * 1000);
  assert.equal(percentileRank(260_000, peers), 70);
  assert.equal(percentileRank(200_000, peers), 45);
  const a = peerComparisonAdvice({
    wh: 260_000,
    peersWh: peers,
    customerClass: 'residential',
    area: 'A',
    period: '5月',
  })!;
  assert.equal(a.numbers.percentile, 70);
  assert.equal(a.numbers.medianKwh, '200.0');
  assert.match(a.text['zh-CN'], /用电260\.0千瓦时，比同地区同类用户中70%的用户多/);
  assert.match(a.text.en, /more than 70% of similar customers/);
  const low = peerComparisonAdvice({
    wh: 90_000,
    peersWh: peers,
    customerClass: 'residential',
    area: 'A',
    period: 'May',
  })!;
  assert.match(low.text.en, /less than 100% of similar customers/);
  assert.equal(
    peerComparisonAdvice({ wh: 1, peersWh: peers.slice(0, 9), customerClass: 'r', area: 'A', period: 'May' }),
    null,
  );
});

test('TOU shift: 20 % of 150 kWh peak from 0.56 to 0.31 yuan saves 7.50 yuan', () => {
  const a = touShiftAdvice({
    peakWh: 150_000,
    shiftPermille: 200,
    peakPriceMicro: 560_000,
    valleyPriceMicro: 310_000,
    period: 'May',
  })!;
  assert.equal(a.numbers.savingFen, 750);
  assert.equal(a.numbers.shiftedKwh, '30.0');
  assert.match(a.text['zh-CN'], /高峰用电的20%（约30\.0千瓦时）.*高峰0\.56元、低谷0\.31元.*节省约7\.50元/);
  assert.equal(
    touShiftAdvice({ peakWh: 1, shiftPermille: 200, peakPriceMicro: 1, valleyPriceMicro: 2, period: 'x' }),
    null,
  );
});

test('standby load: 5th percentile of night intervals × 8760 h', () => {
  // 15-minute intervals: most nights 30 Wh (120 W), a few quieter ones at 20 Wh (80 W).
  const nights = Array.from({ length: 200 }, (_, i) => (i < 10 ? 20 : 30 + (i % 7)));
  assert.equal(nearestRankPercentile(nights, 5), 20);
  const a = standbyLoadAdvice({ nightIntervalsWh: nights, intervalMinutes: 15, priceMicro: 510_000 })!;
  assert.equal(a.numbers.baseW, 80);
  assert.equal(a.numbers.yearKwh, '700.8'); // 80 W × 8760 h
  assert.equal(a.numbers.yearFen, 35741); // 700.8 kWh × 0.51 = 357.408 yuan
  assert.match(a.text['zh-CN'], /约80瓦，一年约700\.8千瓦时、357\.41元/);
  assert.equal(standbyLoadAdvice({ nightIntervalsWh: nights.slice(0, 50), intervalMinutes: 15, priceMicro: 1 }), null);
});
