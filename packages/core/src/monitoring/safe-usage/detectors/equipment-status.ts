import type { MeterSummarySample, SafeUsageInput } from '../safe-usage-input.ts';
import type { SafeUsageThresholds } from '../safe-usage-thresholds.ts';
import { round2, type SafeUsageDetector, type SafeUsageFinding } from '../safe-usage-finding.ts';

type Eq = SafeUsageThresholds['equipment'];

/** Meter events and summary values that say equipment or wiring is unhealthy. */
export const equipmentStatus: SafeUsageDetector = {
  id: 'equipmentStatus',
  detect(input, thresholds) {
    const t = thresholds.equipment;
    const s = input.summaries ?? [];
    return [phaseLoss(input, s, t), neutral(s, t), powerFactor(s, t), ...events(input, t)].filter(
      (f): f is SafeUsageFinding => f !== null,
    );
  },
};

const finding = (
  code: string,
  severity: SafeUsageFinding['severity'],
  points: number,
  evidence: SafeUsageFinding['evidence'],
  reason: SafeUsageFinding['reason'],
  advice: SafeUsageFinding['advice'],
): SafeUsageFinding => ({ detector: 'equipmentStatus', code, severity, points, evidence, reason, advice });

function phaseLoss(input: SafeUsageInput, s: readonly MeterSummarySample[], t: Eq): SafeUsageFinding | null {
  const udin = input.declaredVoltageV ?? 220;
  const lost = s.filter((x) => {
    if (x.voltageV.length < 3) return false;
    const pct = x.voltageV.map((v) => (v / udin) * 100);
    return pct.some((p) => p < t.phaseLossPct) && pct.filter((p) => p >= t.phaseHealthyPct).length >= 1;
  });
  if (lost.length === 0) return null;
  return finding(
    'phaseLoss',
    'critical',
    t.points.phaseLoss,
    { samples: lost.length, firstAt: lost[0].at },
    {
      zh: `检测到 ${lost.length} 次缺相（某一相电压低于额定值的 ${t.phaseLossPct}%，其余相正常）。`,
      en: `Phase loss seen ${lost.length} time(s): one phase below ${t.phaseLossPct}% of declared voltage while the others were normal.`,
    },
    {
      zh: '缺相会烧毁三相电动机，请立即检查熔断器、开关和接线端子。',
      en: 'A lost phase burns out three-phase motors: check fuses, breakers and terminals now.',
    },
  );
}

function neutral(s: readonly MeterSummarySample[], t: Eq): SafeUsageFinding | null {
  const hits = s.filter((x) => {
    const max = Math.max(0, ...(x.currentA ?? []));
    return (
      x.neutralCurrentA !== undefined &&
      x.neutralCurrentA >= t.neutralMinA &&
      x.neutralCurrentA > t.neutralShareMax * max
    );
  });
  if (hits.length === 0) return null;
  const worst = Math.max(...hits.map((x) => x.neutralCurrentA as number));
  return finding(
    'neutralCurrent',
    'warning',
    t.points.neutral,
    { samples: hits.length, maxNeutralA: round2(worst) },
    {
      zh: `零线电流偏大（最高 ${round2(worst)} A），超过相电流的 ${t.neutralShareMax * 100}%。`,
      en: `Neutral current is high (up to ${round2(worst)} A), above ${t.neutralShareMax * 100}% of the phase current.`,
    },
    {
      zh: '请平衡三相负荷并检查零线接头；零线过热可能引起火灾或设备损坏。',
      en: 'Balance the load across phases and check neutral joints: an overheated neutral can start a fire or damage equipment.',
    },
  );
}

function powerFactor(s: readonly MeterSummarySample[], t: Eq): SafeUsageFinding | null {
  const withPf = s.filter((x) => x.powerFactor !== undefined);
  const low = withPf.filter((x) => Math.abs(x.powerFactor as number) < t.powerFactorMin);
  if (withPf.length === 0 || low.length / withPf.length < t.powerFactorMinShare) return null;
  const share = round2(low.length / withPf.length);
  return finding(
    'powerFactorCollapse',
    'warning',
    t.points.powerFactor,
    { share, minPowerFactor: round2(Math.min(...low.map((x) => Math.abs(x.powerFactor as number)))) },
    {
      zh: `${Math.round(share * 100)}% 的时段功率因数低于 ${t.powerFactorMin}。`,
      en: `Power factor was below ${t.powerFactorMin} in ${Math.round(share * 100)}% of readings.`,
    },
    {
      zh: '请检查无功补偿电容器是否损坏或退出运行；功率因数过低还会增加功率因数调整电费。',
      en: 'Check whether the power-factor correction capacitors failed or were switched out; a low power factor also adds a surcharge to your bill.',
    },
  );
}

function events(input: SafeUsageInput, t: Eq): SafeUsageFinding[] {
  const ev = input.events ?? [];
  const out: SafeUsageFinding[] = [];
  const cover = ev.filter((e) => e.kind === 'cover-open');
  if (cover.length)
    out.push(
      finding(
        'meterCoverOpen',
        'critical',
        t.points.coverOpen,
        { events: cover.length, firstAt: cover[0].at },
        { zh: `电能表表盖被打开 ${cover.length} 次。`, en: `The meter cover was opened ${cover.length} time(s).` },
        {
          zh: '私自开启表盖有触电危险，也可能涉及窃电，请联系供电所核实。',
          en: 'Opening the meter is an electric-shock hazard and may be tampering: contact your supply office.',
        },
      ),
    );
  const downs = ev.filter((e) => e.kind === 'power-down');
  if (downs.length >= t.powerDownEventsMax)
    out.push(
      finding(
        'frequentPowerDown',
        'warning',
        t.points.powerDown,
        { events: downs.length },
        { zh: `电能表记录 ${downs.length} 次掉电。`, en: `The meter recorded ${downs.length} power-downs.` },
        {
          zh: '频繁掉电可能是进线开关或接头松动，请检查进户线路。',
          en: 'Frequent power-downs suggest a loose incoming breaker or joint: have the service line checked.',
        },
      ),
    );
  return out;
}
