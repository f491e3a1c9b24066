import { evaluateCompliance, type ComplianceRow, type PqStatistics } from './compliance.ts';
import { getCustomerCategory } from './customer-category.ts';
import { getLimitSet, type LimitQuantity } from './limit-set.ts';
import { getToleranceCurve, placeDipOnCurve, placeSwellOnCurve, type CurvePlacement } from './tolerance-curve.ts';
import type { VoltageEventKind } from './voltage-events.ts';

export interface ReportEvent {
  kind: VoltageEventKind;
  startMs: number;
  durationS: number;
  /** Residual voltage (dips, interruptions) or peak (swells), in % of declared voltage. */
  extremePct: number;
  phases: string[];
}

export interface WeeklyReportInput {
  categoryId: string;
  weekStartMs: number;
  statistics: PqStatistics;
  events: readonly ReportEvent[];
  /** Overrides the category's limit set. */
  limitSetId?: string;
}

export interface WeeklyReport {
  categoryId: string;
  weekStartMs: number;
  limitSetId: string;
  curveId: string;
  compliance: ComplianceRow[];
  compliant: boolean | null;
  events: (ReportEvent & { curve: CurvePlacement })[];
  eventsOutsideCurve: number;
  explanation: { zh: string; en: string };
}

const LABELS: Record<LimitQuantity, { zh: string; en: string; unit: string }> = {
  frequencyDeviationHz: { zh: '频率偏差', en: 'frequency deviation', unit: 'Hz' },
  voltageDeviationPct: { zh: '电压偏差', en: 'voltage deviation', unit: '%' },
  voltageThdPct: { zh: '电压总谐波畸变率', en: 'voltage THD', unit: '%' },
  harmonicPct: { zh: '谐波电压含有率', en: 'harmonic voltage', unit: '%' },
  oddHarmonicPct: { zh: '奇次谐波电压含有率', en: 'odd harmonic voltage', unit: '%' },
  evenHarmonicPct: { zh: '偶次谐波电压含有率', en: 'even harmonic voltage', unit: '%' },
  unbalancePct: { zh: '三相电压不平衡度', en: 'voltage unbalance', unit: '%' },
  plt: { zh: '长时间闪变', en: 'long-term flicker Plt', unit: '' },
};

/** One customer's week: 95th percentiles against the category's limits and events on its curve, explained. */
export function buildWeeklyReport(input: WeeklyReportInput): WeeklyReport {
  const category = getCustomerCategory(input.categoryId);
  const set = getLimitSet(input.limitSetId ?? category.limitSetId);
  const curve = getToleranceCurve(category.curveId);
  const result = evaluateCompliance(input.statistics, set);
  const events = input.events.map((e) => ({
    ...e,
    curve:
      e.kind === 'swell'
        ? placeSwellOnCurve(curve, e.extremePct, e.durationS)
        : placeDipOnCurve(curve, e.extremePct, e.durationS),
  }));
  const outside = events.filter((e) => !e.curve.inside).length;
  const failed = result.rows.filter((r) => r.pass === false);
  const passed = result.rows.filter((r) => r.pass === true).length;
  const judged = passed + failed.length;
  const week = new Date(input.weekStartMs).toISOString().slice(0, 10);
  const failText = (lang: 'zh' | 'en'): string[] =>
    failed.map((r) => {
      const l = LABELS[r.quantity];
      const name = `${l[lang]}${r.order ? (lang === 'zh' ? `（${r.order} 次）` : ` (order ${r.order})`) : ''}`;
      const bound = r.max !== undefined && r.valueAtPercentile > r.max ? r.max : (r.min ?? r.max);
      const value = r.max !== undefined && r.valueAtPercentile > r.max ? r.valueAtPercentile : r.lowerValueAtPercentile;
      return lang === 'zh'
        ? `${name}第 ${r.percentile} 百分位数为 ${value}${l.unit}，超出限值 ${bound}${l.unit}`
        : `${name} at the ${r.percentile}th percentile is ${value}${l.unit}, beyond the limit of ${bound}${l.unit}`;
    });
  const zh = [
    `${week} 起一周：按「${set.name.zh}」评估的 ${judged} 项指标中 ${passed} 项合格。`,
    failed.length ? `不合格：${failText('zh').join('；')}。` : '',
    `共记录 ${events.length} 次电压暂降、暂升或中断，其中 ${outside} 次超出「${curve.name.zh}」，` +
      (outside ? `可能导致${category.sensitivity.zh}停机。` : `${category.sensitivity.zh}应能耐受。`),
  ].join('');
  const en = [
    `Week from ${week}: ${passed} of ${judged} limits of ${set.name.en} were met.`,
    failed.length ? ` Not met: ${failText('en').join('; ')}.` : '',
    ` ${events.length} dip(s), swell(s) or interruption(s) were recorded; ${outside} fell outside the ${curve.name.en}, ` +
      (outside
        ? `so ${category.sensitivity.en} may have tripped.`
        : `so ${category.sensitivity.en} should have ridden through.`),
  ].join('');
  return {
    categoryId: category.id,
    weekStartMs: input.weekStartMs,
    limitSetId: set.id,
    curveId: curve.id,
    compliance: result.rows,
    compliant: result.compliant,
    events,
    eventsOutsideCurve: outside,
    explanation: { zh, en },
  };
}
