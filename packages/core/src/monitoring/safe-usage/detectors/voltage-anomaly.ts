import { round2, type SafeUsageDetector, type SafeUsageFinding } from '../safe-usage-finding.ts';

/** Supply voltage, distortion and frequency from meter summaries: what endangers the customer's equipment. */
export const voltageAnomaly: SafeUsageDetector = {
  id: 'voltageAnomaly',
  detect(input, thresholds) {
    const t = thresholds.voltage;
    const s = input.summaries ?? [];
    if (s.length === 0) return [];
    const udin = input.declaredVoltageV ?? 220;
    // A phase that is all but gone is a phase loss (equipment status), not a supply voltage problem.
    const dev = s
      .flatMap((x) => x.voltageV.map((v) => ((v - udin) / udin) * 100))
      .filter((d) => d + 100 >= t.ignoreBelowPct);
    const over = dev.filter((d) => d > t.overPct);
    const under = dev.filter((d) => d < t.underPct);
    const out: SafeUsageFinding[] = [];
    const f = (
      code: string,
      points: number,
      evidence: SafeUsageFinding['evidence'],
      zh: string,
      en: string,
      adviceZh: string,
      adviceEn: string,
    ) =>
      out.push({
        detector: 'voltageAnomaly',
        code,
        severity: 'warning',
        points,
        evidence,
        reason: { zh, en },
        advice: { zh: adviceZh, en: adviceEn },
      });
    if (over.length / dev.length > t.maxShareOutside) {
      const max = round2(Math.max(...over));
      f(
        'overvoltage',
        t.points.over,
        { share: round2(over.length / dev.length), maxDeviationPct: max },
        `电压偏高：${Math.round((over.length / dev.length) * 100)}% 的读数超过额定值 ${t.overPct}%，最高 +${max}%。`,
        `Voltage is high: ${Math.round((over.length / dev.length) * 100)}% of readings are more than ${t.overPct}% above declared, up to +${max}%.`,
        '过电压会缩短电器寿命，可加装过压保护器；我们将核查配变分接头。',
        'Overvoltage shortens appliance life; fit surge and overvoltage protection. We will check the transformer tap.',
      );
    }
    if (under.length / dev.length > t.maxShareOutside) {
      const min = round2(Math.min(...under));
      f(
        'undervoltage',
        t.points.under,
        { share: round2(under.length / dev.length), minDeviationPct: min },
        `电压偏低：${Math.round((under.length / dev.length) * 100)}% 的读数低于额定值 ${-t.underPct}% 以上，最低 ${min}%。`,
        `Voltage is low: ${Math.round((under.length / dev.length) * 100)}% of readings are more than ${-t.underPct}% below declared, down to ${min}%.`,
        '低电压会使电动机过热、压缩机难以启动，请避免同时启动大功率设备。',
        'Low voltage overheats motors and stalls compressors: avoid starting heavy loads together.',
      );
    }
    const thd = s.map((x) => x.voltageThdPct).filter((v): v is number => v !== undefined);
    const thdMax = Math.max(-Infinity, ...thd);
    if (thdMax > t.thdMaxPct)
      f(
        'harmonics',
        t.points.thd,
        { maxThdPct: round2(thdMax) },
        `电压谐波畸变率最高 ${round2(thdMax)}%，超过 ${t.thdMaxPct}%。`,
        `Voltage THD reached ${round2(thdMax)}%, above ${t.thdMaxPct}%.`,
        '谐波会使电容器和变压器过热，可加装滤波装置并检查变频器等非线性负荷。',
        'Harmonics overheat capacitors and transformers: consider filters and check drives and other non-linear loads.',
      );
    const fdev = s
      .map((x) => x.frequencyHz)
      .filter((v): v is number => v !== undefined)
      .map((v) => Math.abs(v - 50));
    const fMax = Math.max(-Infinity, ...fdev);
    if (fMax > t.frequencyMaxHz)
      f(
        'frequency',
        t.points.frequency,
        { maxDeviationHz: round2(fMax) },
        `频率偏差最高 ${round2(fMax)} Hz。`,
        `Frequency deviated by up to ${round2(fMax)} Hz.`,
        '如使用自备发电机，请检查其调速系统。',
        'If you run your own generator, check its governor.',
      );
    return out;
  },
};
