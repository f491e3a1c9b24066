import type { SafeUsageDetector } from '../safe-usage-finding.ts';

const active = (from: string, to: string | null, day: string): boolean => from <= day && (to === null || day <= to);

/** Industry policy notices in force on the assessment day: each tag raises or lowers the customer's risk. */
export const policyRisk: SafeUsageDetector = {
  id: 'policyRisk',
  detect(input) {
    if (!input.industry) return [];
    return (input.policies ?? [])
      .filter((p) => p.industry === input.industry && active(p.validFrom, p.validTo, input.asOf))
      .map((p) => ({
        detector: 'policyRisk',
        code: p.riskDelta >= 0 ? 'policyRaisesRisk' : 'policyLowersRisk',
        severity: p.riskDelta >= 20 ? ('warning' as const) : ('info' as const),
        points: p.riskDelta,
        evidence: { notice: p.id, tag: p.tag, industry: p.industry },
        reason: {
          zh: `行业政策「${p.title.zh}」（${p.tag}）${p.riskDelta >= 0 ? '提高' : '降低'}了本行业的用电风险。`,
          en: `The industry notice "${p.title.en}" (${p.tag}) ${p.riskDelta >= 0 ? 'raises' : 'lowers'} the risk for your industry.`,
        },
        advice:
          p.riskDelta >= 0
            ? {
                zh: '请按通知要求自查用电设备和安全措施。',
                en: 'Check your equipment and safety measures as the notice asks.',
              }
            : { zh: '无需额外措施。', en: 'No extra action is needed.' },
      }));
  },
};
