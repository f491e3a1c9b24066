import { AppError } from '@meterflow/core';
import {
  DEFAULT_CREDENTIALS,
  FN,
  addressMatches,
  decodeDataValue,
  errorWordText,
  normaliseDi,
  readFollowUpRequest,
  readRequest,
  relayRequest,
  timeSyncRequest,
} from '@meterflow/protocols/dlt645/index';
import type { Credentials, DataValue, Dlt645Message, RelayCommand } from '@meterflow/protocols/dlt645/index';
import {
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_RETRIES,
  MAX_FOLLOW_UP_FRAMES,
  RETRY_BACKOFF_BASE_MS,
  RETRY_BACKOFF_MAX_MS,
} from './gateway-limits.ts';
import type { MeterConnection, ReplyMatcher } from './meter-connection.ts';
import { MeterRequestError } from './meter-request-error.ts';

export interface RetryPolicy {
  timeoutMs: number;
  /** Extra attempts after a timeout or a lost connection. */
  retries: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  timeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
  retries: DEFAULT_RETRIES,
  backoffBaseMs: RETRY_BACKOFF_BASE_MS,
  backoffMaxMs: RETRY_BACKOFF_MAX_MS,
};

/** A reply answers a request when it comes from the addressed meter, for the same function and identifier. */
export function replyMatcherFor(request: Dlt645Message): ReplyMatcher {
  const di = 'di' in request.body ? normaliseDi(request.body.di) : null;
  return (reply) => {
    if (!addressMatches(request.address, reply.address)) return false;
    if (reply.control.fn !== request.control.fn) return false;
    if (reply.body.type === 'data') return reply.body.di === di;
    return true;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The master station's view of meters behind one connection: reads (following B1 frames), remote
 * control and broadcast time sync, each retried with exponential backoff on timeouts and lost
 * connections. Error replies are answers, not failures of the line, and are never retried.
 */
export class Dlt645Client {
  readonly policy: RetryPolicy;

  constructor(
    readonly connection: MeterConnection,
    policy: Partial<RetryPolicy> = {},
  ) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...policy };
  }

  /** Sends a request and returns its reply, retrying line failures; throws MeterRequestError. */
  async exchange(request: Dlt645Message): Promise<Dlt645Message> {
    const match = replyMatcherFor(request);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.connection.request(request, match, this.policy.timeoutMs);
      } catch (e) {
        if (!(e instanceof MeterRequestError) || !e.retryable || attempt >= this.policy.retries) throw e;
        await sleep(Math.min(this.policy.backoffMaxMs, this.policy.backoffBaseMs * 2 ** attempt));
      }
    }
  }

  /** Reads one identifier and decodes it; joins follow-up frames. Throws MeterRequestError. */
  async read(address: string, di: string): Promise<DataValue> {
    const first = await this.exchange(readRequest(address, di));
    const data = expectData(first, di);
    const parts = [data.payload];
    let more = first.control.followUp;
    for (let seq = 1; more; seq++) {
      if (seq > MAX_FOLLOW_UP_FRAMES)
        throw new MeterRequestError('invalid-reply', `${di}: more than ${MAX_FOLLOW_UP_FRAMES} follow-up frames`);
      const next = await this.exchange(readFollowUpRequest(first.address, di, seq));
      parts.push(expectData(next, di).payload);
      more = next.control.followUp;
    }
    const payload = Uint8Array.from(parts.flatMap((p) => Array.from(p)));
    try {
      return decodeDataValue(di, payload);
    } catch (e) {
      if (e instanceof AppError) throw new MeterRequestError('invalid-reply', `${di}: ${e.message}`);
      throw e;
    }
  }

  /** Trip, close, alarm or keep-power; resolves when the meter confirms with a normal reply. */
  async control(
    address: string,
    command: RelayCommand,
    credentials: Credentials = DEFAULT_CREDENTIALS,
    validUntil: string | null = null,
  ): Promise<void> {
    const reply = await this.exchange(relayRequest(address, command, credentials, validUntil));
    if (reply.body.type === 'error') throw errorFrom(reply.body.errorWord, `${command} refused`);
    if (reply.control.fn !== FN.relayControl) throw new MeterRequestError('invalid-reply', 'reply to another function');
  }

  /** Broadcasts local wall-clock time to every meter behind this connection. */
  async broadcastTime(localTime: string): Promise<void> {
    await this.connection.send(timeSyncRequest(localTime), this.policy.timeoutMs);
  }
}

function errorFrom(word: number, what: string): MeterRequestError {
  return new MeterRequestError('error-reply', `${what}: ${errorWordText(word)}`, word);
}

function expectData(reply: Dlt645Message, di: string): { payload: Uint8Array } {
  if (reply.body.type === 'error') throw errorFrom(reply.body.errorWord, `${di} not read`);
  if (reply.body.type !== 'data' || reply.body.di !== normaliseDi(di)) {
    throw new MeterRequestError('invalid-reply', `${di}: unexpected ${reply.body.type} reply`);
  }
  return reply.body;
}
