import { BROADCAST_ADDRESS } from './address.ts';
import { FN, replyControl, requestControl } from './control-code.ts';
import type { FunctionCode } from './control-code.ts';
import type { Credentials, Dlt645Message } from './message.ts';
import type { RelayCommand } from './relay-command.ts';

/** Default credentials of a meter fresh from the factory: level 02, password 000000, operator 00000000. */
export const DEFAULT_CREDENTIALS: Credentials = { level: 2, password: '000000', operator: '00000000' };

/** 11: read one data identifier. */
export const readRequest = (address: string, di: string): Dlt645Message => ({
  address,
  control: requestControl(FN.read),
  body: { type: 'read', di },
});

/** 12: read the next frame (`seq` = 1, 2, ...) of a reply that announced more. */
export const readFollowUpRequest = (address: string, di: string, seq: number): Dlt645Message => ({
  address,
  control: requestControl(FN.readFollowUp),
  body: { type: 'read-next', di, seq },
});

/** 91/B1 (or 92/B2 when `seq` is given): the data of a read. */
export function readReply(
  address: string,
  di: string,
  payload: Uint8Array,
  opts: { more?: boolean; seq?: number } = {},
): Dlt645Message {
  const fn = opts.seq === undefined ? FN.read : FN.readFollowUp;
  return {
    address,
    control: replyControl(fn, opts.more ? 'follow-up' : 'normal'),
    body: { type: 'data', di, payload, seq: opts.seq },
  };
}

/** An error reply (D1, D4, DC, ...) carrying one error word. */
export const errorReply = (address: string, fn: FunctionCode, errorWord: number): Dlt645Message => ({
  address,
  control: replyControl(fn, 'error'),
  body: { type: 'error', errorWord },
});

/** A normal reply with no data (94, 95, 96, 99, 9A, 9B, 9C). */
export const ackReply = (address: string, fn: FunctionCode): Dlt645Message => ({
  address,
  control: replyControl(fn),
  body: { type: 'none' },
});

/** 08: broadcast local wall-clock time to every meter on the line (no meter answers). */
export const timeSyncRequest = (localTime: string): Dlt645Message => ({
  address: BROADCAST_ADDRESS,
  control: requestControl(FN.broadcastTimeSync),
  body: { type: 'time-sync', time: localTime },
});

/** 1C: trip, close, alarm or keep-power, valid until a local time (null = no deadline, all zeros). */
export const relayRequest = (
  address: string,
  command: RelayCommand,
  credentials: Credentials = DEFAULT_CREDENTIALS,
  validUntil: string | null = null,
): Dlt645Message => ({
  address,
  control: requestControl(FN.relayControl),
  body: { type: 'relay', credentials, command, validUntil },
});
