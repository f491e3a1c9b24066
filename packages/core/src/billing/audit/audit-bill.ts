import { AUDIT_THRESHOLDS_DEFAULT, type AuditInput, type AuditReason, type AuditThresholds } from './audit-input.ts';
import { AUDIT_RULES } from './audit-rules.ts';

/** The automatic audit's verdict: pass, or hold for the manual queue with every reason. */
export interface AuditVerdict {
  pass: boolean;
  reasons: AuditReason[];
}

/** Runs every automatic audit rule on one bill; any reason sends it to the manual queue. */
export function auditBill(b: AuditInput, t: AuditThresholds = AUDIT_THRESHOLDS_DEFAULT): AuditVerdict {
  const reasons: AuditReason[] = [];
  for (const rule of AUDIT_RULES) {
    const params = rule.check(b, t);
    if (params) reasons.push({ rule: rule.code, params });
  }
  return { pass: reasons.length === 0, reasons };
}
