import type { Clock } from '@meterflow/core';
import { DEFAULT_CREDENTIALS } from '@meterflow/protocols/dlt645/index';
import type { Credentials, RelayCommand } from '@meterflow/protocols/dlt645/index';
import type { Dlt645Client } from './dlt645-client.ts';
import { MeterRequestError } from './meter-request-error.ts';
import type { MeterFailureReason } from './meter-request-error.ts';

/** What became of a remote trip/close: confirmed by a normal reply, or failed with the reason. */
export type RelayCommandOutcome =
  | { status: 'confirmed'; address: string; command: RelayCommand; confirmedAt: Date }
  | {
      status: 'failed';
      address: string;
      command: RelayCommand;
      reason: MeterFailureReason;
      message: string;
      errorWord?: number;
    };

export interface RelayCommandRequest {
  address: string;
  command: RelayCommand;
  credentials?: Credentials;
  /** Local deadline after which the meter ignores the command; null for none. */
  validUntil?: string | null;
}

/**
 * Sends one remote control command (1C). Timeouts and lost connections are retried by the client's
 * policy; an error reply (wrong password, refused) is final. Never throws for meter failures.
 */
export async function sendRelayCommand(
  client: Dlt645Client,
  req: RelayCommandRequest,
  clock: Clock,
): Promise<RelayCommandOutcome> {
  try {
    await client.control(req.address, req.command, req.credentials ?? DEFAULT_CREDENTIALS, req.validUntil ?? null);
    return { status: 'confirmed', address: req.address, command: req.command, confirmedAt: clock.now() };
  } catch (e) {
    if (!(e instanceof MeterRequestError)) throw e;
    return {
      status: 'failed',
      address: req.address,
      command: req.command,
      reason: e.reason,
      message: e.message,
      errorWord: e.errorWord,
    };
  }
}
