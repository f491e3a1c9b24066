import { abnormalConsumption } from './detectors/abnormal-consumption.ts';
import { energyIntensity } from './detectors/energy-intensity.ts';
import { equipmentStatus } from './detectors/equipment-status.ts';
import { overload } from './detectors/overload.ts';
import { peerComparison } from './detectors/peer-comparison.ts';
import { policyRisk } from './detectors/policy-risk.ts';
import { voltageAnomaly } from './detectors/voltage-anomaly.ts';
import { scoreRisk, type RiskScore } from './risk-score.ts';
import type { SafeUsageDetector, SafeUsageFinding } from './safe-usage-finding.ts';
import type { SafeUsageInput } from './safe-usage-input.ts';
import { resolveSafeUsageThresholds, type SafeUsageThresholds } from './safe-usage-thresholds.ts';

/** Every shipped detector, in the order their findings are reported. */
export const SAFE_USAGE_DETECTORS: readonly SafeUsageDetector[] = [
  overload,
  equipmentStatus,
  voltageAnomaly,
  abnormalConsumption,
  peerComparison,
  energyIntensity,
  policyRisk,
];

export interface SafeUsageAssessment extends RiskScore {
  accountId: string;
  asOf: string;
  findings: SafeUsageFinding[];
}

/** Runs the detectors (all, or those enabled) on one account and scores the result. */
export function assessSafeUsage(
  input: SafeUsageInput,
  thresholds: SafeUsageThresholds = resolveSafeUsageThresholds(),
  detectors: readonly SafeUsageDetector[] = SAFE_USAGE_DETECTORS,
): SafeUsageAssessment {
  const findings = detectors.flatMap((d) => d.detect(input, thresholds));
  return { accountId: input.accountId, asOf: input.asOf, findings, ...scoreRisk(findings, thresholds.score) };
}
