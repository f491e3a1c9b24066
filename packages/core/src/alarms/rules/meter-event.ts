import type { Issue } from '../../errors/error-codes.ts';
import type { AlarmRuleKind } from '../alarm-rule.ts';
import type { DiagnosisCategory } from '../diagnosis.ts';
import { METER_EVENT_BITS, type MeterEvent } from '../observations.ts';
import { severityIssues, type Severity } from '../severity.ts';
import { meterBranch } from './meter-branch.ts';
import { asParams, checkOneOf } from './param-checks.ts';

export interface MeterEventParams {
  event: MeterEvent;
  severity: Severity;
}

const TEXT: Record<MeterEvent, { category: DiagnosisCategory; zh: string; en: string }> = {
  powerDown: {
    category: 'customer',
    zh: '上报掉电事件：用户侧停电或表计供电中断',
    en: 'reported a power-down: supply lost at the customer or the meter',
  },
  coverOpen: {
    category: 'customer',
    zh: '上报开表盖事件：可能存在窃电或未经许可的现场作业',
    en: 'reported its cover opened: possible tampering or unauthorised work on site',
  },
  reverseEnergy: {
    category: 'customer',
    zh: '检测到反向电能：接线错误、窃电或未登记的分布式电源',
    en: 'measured reverse energy: wrong wiring, theft or an unregistered generator',
  },
  batteryLow: {
    category: 'meter',
    zh: '时钟电池欠压：停电后时钟和冻结数据可能丢失',
    en: 'has a low clock battery: time and frozen data may be lost in an outage',
  },
};

/** A meter event flag from the latest poll (power-down, cover open, reverse energy, battery low). */
export const meterEventRule: AlarmRuleKind<MeterEventParams> = {
  kind: 'meterEvent',
  paramsIssues(params, path) {
    const issues: Issue[] = [];
    const p = asParams(params, path, issues);
    checkOneOf(p.event, Object.keys(METER_EVENT_BITS), `${path}/event`, issues);
    issues.push(...severityIssues(p.severity, `${path}/severity`));
    return issues;
  },
  covers: (o) => o.meters !== undefined,
  evaluate(p, ctx, sink) {
    const f = ctx.observations.meters;
    if (!f) return;
    const bit = METER_EVENT_BITS[p.event];
    const text = TEXT[p.event];
    const flags = f.eventFlags;
    for (let i = 0; i < flags.length; i++) {
      if ((flags[i] & bit) === 0) continue;
      const id = f.meterIds[i];
      sink.report({
        subjectKind: 'meter',
        subjectId: id,
        severity: p.severity,
        value: 1,
        branchId: meterBranch(f, i),
        labels: { event: p.event },
        diagnosis: { category: text.category, zh: `电表 ${id} ${text.zh}。`, en: `Meter ${id} ${text.en}.` },
      });
    }
  },
};
