import { DEFAULT_NO_CUT_POLICY, validateNoCutPolicy, type NoCutPolicy } from '@meterflow/core/payments/no-cut-window';
import { DEFAULT_COMMAND_POLICY, type CommandPolicy } from '@meterflow/core/payments/remote-command';

/** Settings of prepaid cost control, read with the rest of the configuration (see ../config.ts). */
export interface PrepaidConfig {
  noCut: NoCutPolicy;
  commands: CommandPolicy;
  /** `host:port` of the DL/T 645 gateway channel (a concentrator's transparent channel); empty = none. */
  gateway: string;
  /** Local minute of the day at which the previous day is settled (00:00 freezes arrive first). */
  settleAtMinute: number;
}

const hhmm = (t: string) => {
  const m = /^(\d{2}):(\d{2})$/.exec(t);
  return m && Number(m[1]) < 24 && Number(m[2]) < 60 ? Number(m[1]) * 60 + Number(m[2]) : null;
};

/**
 * Reads MF_PREPAID_* and MF_DLT645_GATEWAY. MF_PREPAID_NO_CUT=off lifts night and weekend windows
 * (listed holidays stay), for demos and tests that must see a trip at any hour.
 */
export function loadPrepaidConfig(
  env: Record<string, string | undefined>,
  zone: string,
  problems: string[],
): PrepaidConfig {
  const night = (env.MF_PREPAID_NIGHT ?? '18:00-08:00').split('-');
  const [s, e] = [hhmm(night[0] ?? ''), hhmm(night[1] ?? '')];
  if (s === null || e === null) problems.push('MF_PREPAID_NIGHT must look like 18:00-08:00');
  const off = env.MF_PREPAID_NO_CUT === 'off';
  const noCut: NoCutPolicy = {
    ...DEFAULT_NO_CUT_POLICY,
    zone,
    nightStartMinute: off ? 0 : (s ?? DEFAULT_NO_CUT_POLICY.nightStartMinute),
    nightEndMinute: off ? 0 : (e ?? DEFAULT_NO_CUT_POLICY.nightEndMinute),
    weekends: !off && env.MF_PREPAID_NO_CUT_WEEKENDS !== 'false',
    holidays: (env.MF_PREPAID_HOLIDAYS ?? '').split(',').filter(Boolean),
  };
  for (const i of validateNoCutPolicy(noCut)) problems.push(`no-cut policy ${i.path}: ${i.message}`);
  const ack = Number(env.MF_PREPAID_ACK_TIMEOUT_MS || DEFAULT_COMMAND_POLICY.ackTimeoutMs);
  const backoff = (env.MF_PREPAID_RETRY_BACKOFF_MS ?? DEFAULT_COMMAND_POLICY.retryBackoffMs.join(','))
    .split(',')
    .map(Number);
  const attempts = Number(env.MF_PREPAID_MAX_ATTEMPTS || DEFAULT_COMMAND_POLICY.maxAttempts);
  if (!Number.isInteger(ack) || ack < 100) problems.push('MF_PREPAID_ACK_TIMEOUT_MS must be a whole number ≥ 100');
  if (backoff.some((b) => !Number.isInteger(b) || b < 0))
    problems.push('MF_PREPAID_RETRY_BACKOFF_MS must be whole ms, comma separated');
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > 20)
    problems.push('MF_PREPAID_MAX_ATTEMPTS must be 1..20');
  const gateway = env.MF_DLT645_GATEWAY ?? '';
  if (gateway && !/^[\w.-]+:\d{1,5}$/.test(gateway)) problems.push(`MF_DLT645_GATEWAY="${gateway}" must be host:port`);
  const settleAt = hhmm(env.MF_PREPAID_SETTLE_AT ?? '00:30');
  if (settleAt === null) problems.push('MF_PREPAID_SETTLE_AT must look like 00:30');
  return {
    noCut,
    commands: { maxAttempts: attempts, ackTimeoutMs: ack, retryBackoffMs: backoff },
    gateway,
    settleAtMinute: settleAt ?? 30,
  };
}
