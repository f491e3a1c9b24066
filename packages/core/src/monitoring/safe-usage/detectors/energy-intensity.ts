import { round2, type SafeUsageDetector } from '../safe-usage-finding.ts';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Energy per unit of the customer's own output: a rising figure means equipment wearing or wasting. */
export const energyIntensity: SafeUsageDetector = {
  id: 'energyIntensity',
  detect(input, thresholds) {
    const t = thresholds.intensity;
    const output = new Map((input.production ?? []).map((p) => [p.date, p]));
    if (output.size === 0) return [];
    const split = input.days.length - input.periodDays;
    const joined = input.days.map((d, i) => ({ d, p: output.get(d.date), inPeriod: i >= split }));
    const history = joined.filter((j) => !j.inPeriod && j.p && j.p.output > 0).map((j) => j.d.kwh / (j.p?.output ?? 1));
    const period = joined.filter((j) => j.inPeriod && j.p);
    if (history.length < t.minHistoryDays || period.length === 0) return [];
    const unit = period[0].p?.unit ?? '';
    const usual = median(history);
    const producing = period.filter((j) => (j.p?.output ?? 0) > 0);
    const kwh = producing.reduce((s, j) => s + j.d.kwh, 0);
    const out = producing.reduce((s, j) => s + (j.p?.output ?? 0), 0);
    const idle = period.filter((j) => (j.p?.output ?? 0) === 0);
    const usualDaily = median(joined.filter((j) => !j.inPeriod).map((j) => j.d.kwh));
    const findings = [];
    if (out > 0 && kwh / out >= t.highRatio * usual) {
      const ev = { kwhPerUnit: round2(kwh / out), usualKwhPerUnit: round2(usual), unit };
      findings.push({
        detector: 'energyIntensity',
        code: 'intensityHigh',
        severity: 'warning' as const,
        points: t.points.high,
        evidence: ev,
        reason: {
          zh: `单位产品电耗 ${ev.kwhPerUnit} kWh/${unit}，比平时（${ev.usualKwhPerUnit}）高 ${Math.round((kwh / out / usual - 1) * 100)}%。`,
          en: `Energy per unit of output is ${ev.kwhPerUnit} kWh/${unit}, ${Math.round((kwh / out / usual - 1) * 100)}% above your usual ${ev.usualKwhPerUnit}.`,
        },
        advice: {
          zh: '请检查设备是否磨损、空转或泄漏（压缩空气、蒸汽等）。',
          en: 'Check equipment for wear, idling or leaks (compressed air, steam).',
        },
      });
    }
    const idleKwh = idle.reduce((s, j) => s + j.d.kwh, 0) / Math.max(1, idle.length);
    if (idle.length > 0 && idleKwh >= t.idleShareOfMedian * usualDaily)
      findings.push({
        detector: 'energyIntensity',
        code: 'idleConsumption',
        severity: 'info' as const,
        points: t.points.idle,
        evidence: { idleDays: idle.length, idleDailyKwh: round2(idleKwh), usualDailyKwh: round2(usualDaily) },
        reason: {
          zh: `${idle.length} 天无产量，但日均仍用电 ${round2(idleKwh)} kWh。`,
          en: `${idle.length} day(s) without output still used ${round2(idleKwh)} kWh a day.`,
        },
        advice: {
          zh: '停产期间请关闭不必要的设备和照明，并检查是否有设备未断电。',
          en: 'Switch off equipment and lighting when production stops, and check nothing was left energised.',
        },
      });
    return findings;
  },
};
