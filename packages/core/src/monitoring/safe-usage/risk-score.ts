import type { Bilingual, SafeUsageFinding } from './safe-usage-finding.ts';
import type { SafeUsageThresholds } from './safe-usage-thresholds.ts';

export type RiskLevel = 'low' | 'medium' | 'high' | 'critical';

export interface RiskScore {
  /** 0–100. */
  score: number;
  level: RiskLevel;
  /** True when the score reaches the alarm threshold. */
  alarm: boolean;
  reasons: Bilingual[];
  advice: Bilingual[];
}

/**
 * Combines findings into one score. Raising points combine like independent chances
 * (1 − Π(1 − pᵢ/100)), so two medium findings do not add up past 100 but still rank above one;
 * lowering points (favourable policies) are then subtracted. Reasons are listed worst first.
 */
export function scoreRisk(findings: readonly SafeUsageFinding[], t: SafeUsageThresholds['score']): RiskScore {
  let keep = 1;
  let lower = 0;
  for (const f of findings) {
    if (f.points > 0) keep *= 1 - Math.min(100, f.points) / 100;
    else lower += f.points;
  }
  const score = Math.max(0, Math.min(100, Math.round((1 - keep) * 100 + lower)));
  const level: RiskLevel =
    score >= t.levels.critical
      ? 'critical'
      : score >= t.levels.high
        ? 'high'
        : score >= t.levels.medium
          ? 'medium'
          : 'low';
  const ordered = [...findings].sort((a, b) => b.points - a.points);
  const advice: Bilingual[] = [];
  for (const f of ordered) if (!advice.some((a) => a.zh === f.advice.zh)) advice.push(f.advice);
  if (ordered.length === 0)
    advice.push({
      zh: '用电情况正常，请继续保持安全用电习惯。',
      en: 'Your electricity use looks normal; keep up your safe habits.',
    });
  return { score, level, alarm: score >= t.alarmAt, reasons: ordered.map((f) => f.reason), advice };
}
