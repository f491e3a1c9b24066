import { AppError } from '../errors/error-codes.ts';

/** Lifecycle of a remote trip or close (DL/T 645 control code 1C): issued → sent → confirmed | failed → retried → … → alarm. */
export type CommandStatus = 'issued' | 'sent' | 'confirmed' | 'failed' | 'retried' | 'alarm';

export interface CommandPolicy {
  /** Sends before staff are alarmed. */
  maxAttempts: number;
  /** A sent command without a reply for this long counts as failed. */
  ackTimeoutMs: number;
  /** Wait before retry n (1-based) is `retryBackoffMs[min(n, len) − 1]`. */
  retryBackoffMs: readonly number[];
}

export const DEFAULT_COMMAND_POLICY: CommandPolicy = Object.freeze({
  maxAttempts: 3,
  ackTimeoutMs: 120_000,
  retryBackoffMs: [60_000, 300_000, 900_000],
});

export interface RemoteCommand {
  id: string;
  accountId: string;
  meterId: string;
  action: 'trip' | 'close';
  status: CommandStatus;
  attempts: number;
  lastSentAt?: string;
  nextRetryAt?: string;
  history: readonly { status: CommandStatus; at: string; note?: string }[];
}

export type CommandEvent =
  { type: 'sent' } | { type: 'confirmed' } | { type: 'failed'; reason: string } | { type: 'retry' } | { type: 'alarm' };

const ALLOWED: Record<CommandEvent['type'], readonly CommandStatus[]> = {
  sent: ['issued', 'retried'],
  // A late reply after a timeout still means the meter acted.
  confirmed: ['sent', 'failed', 'retried'],
  failed: ['sent'],
  retry: ['failed'],
  alarm: ['failed'],
};

const STATUS_AFTER: Record<CommandEvent['type'], CommandStatus> = {
  sent: 'sent',
  confirmed: 'confirmed',
  failed: 'failed',
  retry: 'retried',
  alarm: 'alarm',
};

/** A new command, not yet sent. */
export function issueCommand(
  id: string,
  accountId: string,
  meterId: string,
  action: 'trip' | 'close',
  now: Date,
): RemoteCommand {
  return {
    id,
    accountId,
    meterId,
    action,
    status: 'issued',
    attempts: 0,
    history: [{ status: 'issued', at: now.toISOString() }],
  };
}

/** Applies one event; an event the current status does not allow is STATE_INVALID. */
export function applyCommandEvent(
  cmd: RemoteCommand,
  event: CommandEvent,
  now: Date,
  policy: CommandPolicy,
): RemoteCommand {
  if (!ALLOWED[event.type].includes(cmd.status)) {
    throw new AppError('STATE_INVALID', `command ${cmd.id} is ${cmd.status}; cannot apply ${event.type}`, [
      { path: '/status', message: `${event.type} needs one of ${ALLOWED[event.type].join(', ')}` },
    ]);
  }
  const at = now.toISOString();
  const status = STATUS_AFTER[event.type];
  const history = [...cmd.history, event.type === 'failed' ? { status, at, note: event.reason } : { status, at }];
  const next: RemoteCommand = { ...cmd, status, history };
  if (event.type === 'sent') return { ...next, attempts: cmd.attempts + 1, lastSentAt: at, nextRetryAt: undefined };
  if (event.type === 'failed') {
    const wait = policy.retryBackoffMs[Math.min(cmd.attempts, policy.retryBackoffMs.length) - 1] ?? 0;
    return { ...next, nextRetryAt: new Date(now.getTime() + wait).toISOString() };
  }
  return next;
}

/** What the command runner should do with a command now: the clock drives timeouts, retries and alarms. */
export function nextCommandStep(
  cmd: RemoteCommand,
  now: Date,
  policy: CommandPolicy,
): 'send' | 'time_out' | 'retry' | 'alarm' | 'wait' | 'done' {
  switch (cmd.status) {
    case 'issued':
    case 'retried':
      return 'send';
    case 'sent':
      return now.getTime() - Date.parse(cmd.lastSentAt ?? '') >= policy.ackTimeoutMs ? 'time_out' : 'wait';
    case 'failed':
      if (cmd.attempts >= policy.maxAttempts) return 'alarm';
      return now.getTime() >= Date.parse(cmd.nextRetryAt ?? '') ? 'retry' : 'wait';
    default:
      return 'done';
  }
}
