import type { Store } from '@meterflow/store';
import { recordObservation } from '../alarms/alarm-observe.ts';
import type { RiskObserver } from './risk-assessment.service.ts';

/** Feeds safe-usage scores to the alarm sweep (rule kind `usageRisk`, riskKind `safeUsage`, subject = account). */
export function riskAlarmObserver(store: Store): RiskObserver {
  return (o) =>
    recordObservation(store, {
      kind: 'risk',
      at: o.at,
      risk: {
        subjectKind: 'account',
        subjectId: o.accountId,
        branchId: o.branchId,
        riskKind: 'safeUsage',
        score: o.score,
        detail: o.detail,
      },
    });
}
