import { expectedKwh, fitDegreeDayBaseline } from '../degree-day-baseline.ts';
import { round2, type SafeUsageDetector, type SafeUsageFinding } from '../safe-usage-finding.ts';

/** The period's energy against the customer's own temperature- and day-type-adjusted history. */
export const abnormalConsumption: SafeUsageDetector = {
  id: 'abnormalConsumption',
  detect(input, thresholds) {
    const t = thresholds.baseline;
    const split = input.days.length - input.periodDays;
    const history = input.days.slice(0, Math.max(0, split));
    const period = input.days.slice(Math.max(0, split));
    if (history.length < t.minHistoryDays || period.length === 0) return [];
    const baseline = fitDegreeDayBaseline(history, t);
    const actual = period.reduce((s, d) => s + d.kwh, 0);
    const expected = period.reduce((s, d) => s + Math.max(0, expectedKwh(baseline, d, t)), 0);
    if (expected / period.length < t.minDailyKwh) return [];
    // The sum of n independent day errors has std σ·√n.
    const std = Math.max(baseline.residualStdKwh * Math.sqrt(period.length), 1e-9);
    const z = (actual - expected) / std;
    const ratio = actual / expected;
    const evidence = {
      actualKwh: round2(actual),
      expectedKwh: round2(expected),
      ratio: round2(ratio),
      z: round2(z),
      historyDays: history.length,
      weatherAdjusted: baseline.weatherAdjusted ? 'yes' : 'no',
    };
    const pct = Math.round((ratio - 1) * 100);
    if (ratio >= t.highRatio && z >= t.minAbsZ) return [high(evidence, pct, t.points.high)];
    if (ratio <= t.lowRatio && z <= -t.minAbsZ) return [low(evidence, pct, t.points.low)];
    return [];
  },
};

function high(evidence: SafeUsageFinding['evidence'], pct: number, points: number): SafeUsageFinding {
  return {
    detector: 'abnormalConsumption',
    code: 'consumptionHigh',
    severity: 'warning',
    points,
    evidence,
    reason: {
      zh: `用电量比按气温和工作日/休息日修正后的自身历史水平高 ${pct}%（${evidence.actualKwh} kWh，预期 ${evidence.expectedKwh} kWh）。`,
      en: `Energy use is ${pct}% above your own history adjusted for temperature and day type (${evidence.actualKwh} kWh against ${evidence.expectedKwh} kWh expected).`,
    },
    advice: {
      zh: '请检查是否有设备长时间运行、线路漏电或新增大功率设备未报装。',
      en: 'Check for equipment left running, leakage on your wiring, or new heavy loads that were not declared.',
    },
  };
}

function low(evidence: SafeUsageFinding['evidence'], pct: number, points: number): SafeUsageFinding {
  return {
    detector: 'abnormalConsumption',
    code: 'consumptionLow',
    severity: 'info',
    points,
    evidence,
    reason: {
      zh: `用电量比修正后的自身历史水平低 ${-pct}%（${evidence.actualKwh} kWh，预期 ${evidence.expectedKwh} kWh）。`,
      en: `Energy use is ${-pct}% below your adjusted history (${evidence.actualKwh} kWh against ${evidence.expectedKwh} kWh expected).`,
    },
    advice: {
      zh: '如非停产或外出，请确认电能表和接线是否正常。',
      en: 'Unless you stopped work or were away, have the meter and its wiring checked.',
    },
  };
}
