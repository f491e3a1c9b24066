import { normaliseAddress } from './address.ts';
import { decodeBcdDigits, encodeBcdDigits, frameInvalid, fromHex, toSpacedHex } from './bcd.ts';
import { FN, functionName } from './control-code.ts';
import type { ControlCode } from './control-code.ts';
import { DI_BYTES, decodeDi, encodeDi, normaliseDi } from './data-identifier.ts';
import type { Dlt645Frame } from './frame.ts';
import { decodeFrame } from './frame-decode.ts';
import { encodeFrame } from './frame-encode.ts';
import type { EncodeFrameOptions } from './frame-encode.ts';
import type { Credentials, Dlt645Body, Dlt645BodyType, Dlt645Message } from './message.ts';
import { decodeMeterTime, encodeMeterTime } from './meter-time.ts';
import { RELAY_COMMANDS, relayCommandFromCode } from './relay-command.ts';

const REQUEST_BODY: Record<number, Dlt645BodyType> = {
  [FN.broadcastTimeSync]: 'time-sync',
  [FN.read]: 'read',
  [FN.readFollowUp]: 'read-next',
  [FN.readAddress]: 'none',
  [FN.write]: 'write',
  [FN.writeAddress]: 'address',
  [FN.freeze]: 'freeze',
  [FN.changeBaudRate]: 'baud-rate',
  [FN.changePassword]: 'password-change',
  [FN.clearDemand]: 'credentials',
  [FN.clearMeter]: 'credentials',
  [FN.clearEvents]: 'clear-events',
  [FN.relayControl]: 'relay',
};
const REPLY_BODY: Record<number, Dlt645BodyType> = {
  [FN.read]: 'data',
  [FN.readFollowUp]: 'data',
  [FN.readAddress]: 'address',
  [FN.changeBaudRate]: 'baud-rate',
  [FN.changePassword]: 'password',
};

/** The body a control code must carry; broadcast time sync has no reply, only reads may say "more follows". */
export function bodyTypeFor(control: ControlCode): Dlt645BodyType {
  const name = functionName(control.fn);
  if (control.reply && control.fn === FN.broadcastTimeSync) throw frameInvalid(`${name} has no reply`, 'control');
  if (control.followUp && control.fn !== FN.read && control.fn !== FN.readFollowUp) {
    throw frameInvalid(`only read replies may announce follow-up frames, not ${name}`, 'control');
  }
  if (control.error) return 'error';
  return control.reply ? (REPLY_BODY[control.fn] ?? 'none') : REQUEST_BODY[control.fn];
}

/** Hex digits of bytes sent low byte first (passwords, operator codes), most significant first. */
const hexLowFirst = (b: Uint8Array): string => toSpacedHex(Uint8Array.from(b).reverse()).replace(/ /g, '');
const hexToLowFirst = (text: string, bytes: number, what: string): Uint8Array => {
  if (!new RegExp(`^[0-9A-Fa-f]{${bytes * 2}}$`).test(text))
    throw new RangeError(`${what} must be ${bytes * 2} hex digits, got "${text}"`);
  return fromHex(text).reverse();
};

function encodeCredentials(c: Credentials): Uint8Array {
  if (!Number.isInteger(c.level) || c.level < 0 || c.level > 255) throw new RangeError(`password level must be 0..255`);
  return Uint8Array.from([
    c.level,
    ...hexToLowFirst(c.password, 3, 'password'),
    ...hexToLowFirst(c.operator, 4, 'operator code'),
  ]);
}
function decodeCredentials(b: Uint8Array): Credentials {
  return { level: b[0], password: hexLowFirst(b.subarray(1, 4)), operator: hexLowFirst(b.subarray(4, 8)) };
}
const encodePassword = (p: { level: number; password: string }): Uint8Array =>
  Uint8Array.from([p.level, ...hexToLowFirst(p.password, 3, 'password')]);
const decodePassword = (b: Uint8Array) => ({ level: b[0], password: hexLowFirst(b.subarray(1, 4)) });

const cat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => Array.from(p)));

/** The data field for a body (before the +33H applied by the frame layer). */
export function encodeBody(body: Dlt645Body): Uint8Array {
  switch (body.type) {
    case 'read':
      return cat(encodeDi(body.di), body.extra ? fromHex(body.extra) : new Uint8Array());
    case 'data':
      return cat(encodeDi(body.di), body.payload, body.seq === undefined ? new Uint8Array() : Uint8Array.of(body.seq));
    case 'read-next':
      return cat(encodeDi(body.di), Uint8Array.of(body.seq));
    case 'error':
      return Uint8Array.of(body.errorWord);
    case 'time-sync':
      return encodeMeterTime(body.time, 'YYMMDDhhmmss');
    case 'none':
      return new Uint8Array();
    case 'address':
      return encodeBcdDigits(normaliseAddress(body.address), 6);
    case 'write':
      return cat(encodeDi(body.di), encodeCredentials(body.credentials), body.payload);
    case 'freeze':
      return encodeBcdDigits(body.pattern, 4);
    case 'baud-rate':
      return Uint8Array.of(body.code);
    case 'password-change':
      return cat(encodeDi(body.di), encodePassword(body.old), encodePassword(body.new));
    case 'password':
      return encodePassword(body);
    case 'credentials':
      return encodeCredentials(body.credentials);
    case 'clear-events':
      return cat(encodeCredentials(body.credentials), encodeDi(body.di));
    case 'relay':
      return cat(
        encodeCredentials(body.credentials),
        Uint8Array.of(RELAY_COMMANDS[body.command].code, 0),
        encodeMeterTime(body.validUntil, 'YYMMDDhhmmss'),
      );
  }
}

function needLength(type: Dlt645BodyType, d: Uint8Array, min: number, exact = true): void {
  if (exact ? d.length !== min : d.length < min) {
    throw frameInvalid(`a ${type} message needs ${exact ? '' : 'at least '}${min} data bytes, got ${d.length}`, 'data');
  }
}

/** Reads the data field of a frame as the body its control code calls for. */
export function decodeBody(control: ControlCode, d: Uint8Array): Dlt645Body {
  const type = bodyTypeFor(control);
  switch (type) {
    case 'read':
      if (d.length !== DI_BYTES && d.length !== DI_BYTES + 6) needLength(type, d, DI_BYTES);
      return d.length > DI_BYTES
        ? { type, di: decodeDi(d), extra: toSpacedHex(d.subarray(4)) }
        : { type, di: decodeDi(d) };
    case 'data':
      if (control.fn === FN.readFollowUp) {
        needLength(type, d, DI_BYTES + 1, false);
        return { type, di: decodeDi(d), payload: d.slice(4, -1), seq: d[d.length - 1] };
      }
      needLength(type, d, DI_BYTES, false);
      return { type, di: decodeDi(d), payload: d.slice(4) };
    case 'read-next':
      needLength(type, d, DI_BYTES + 1);
      return { type, di: decodeDi(d), seq: d[4] };
    case 'error':
      needLength(type, d, 1);
      return { type, errorWord: d[0] };
    case 'time-sync':
      needLength(type, d, 6);
      return {
        type,
        time: decodeMeterTime(d, 'YYMMDDhhmmss', 'data/time') ?? fail('time sync carries an all-zero time'),
      };
    case 'none':
      needLength(type, d, 0);
      return { type };
    case 'address':
      needLength(type, d, 6);
      return { type, address: decodeBcdDigits(d, 'data/address') };
    default:
      return decodeCommandBody(type, d);
  }
}

function decodeCommandBody(type: Dlt645BodyType, d: Uint8Array): Dlt645Body {
  switch (type) {
    case 'write':
      needLength(type, d, 12, false);
      return { type, di: decodeDi(d), credentials: decodeCredentials(d.subarray(4, 12)), payload: d.slice(12) };
    case 'freeze':
      needLength(type, d, 4);
      return { type, pattern: decodeBcdDigits(d, 'data/freeze') };
    case 'baud-rate':
      needLength(type, d, 1);
      return { type, code: d[0] };
    case 'password-change':
      needLength(type, d, 12);
      return { type, di: decodeDi(d), old: decodePassword(d.subarray(4, 8)), new: decodePassword(d.subarray(8, 12)) };
    case 'password':
      needLength(type, d, 4);
      return { type, ...decodePassword(d) };
    case 'credentials':
      needLength(type, d, 8);
      return { type, credentials: decodeCredentials(d) };
    case 'clear-events':
      needLength(type, d, 12);
      return { type, credentials: decodeCredentials(d), di: decodeDi(d.subarray(8)) };
    case 'relay': {
      needLength(type, d, 16);
      const command = relayCommandFromCode(d[8]) ?? fail(`relay command ${d[8].toString(16).toUpperCase()} is unknown`);
      return {
        type,
        credentials: decodeCredentials(d),
        command,
        validUntil: decodeMeterTime(d.subarray(10, 16), 'YYMMDDhhmmss', 'data/valid-until'),
      };
    }
    default:
      throw new Error(`unhandled body type ${type}`);
  }
}

function fail(message: string): never {
  throw frameInvalid(message, 'data');
}

/** Frame → message. */
export function frameToMessage(frame: Dlt645Frame): Dlt645Message {
  return { address: frame.address, control: frame.control, body: decodeBody(frame.control, frame.data) };
}

/** Message → frame; the body must be the kind the control code calls for. */
export function messageToFrame(msg: Dlt645Message): Dlt645Frame {
  const want = bodyTypeFor(msg.control);
  if (msg.body.type !== want)
    throw new RangeError(
      `${functionName(msg.control.fn)} ${msg.control.reply ? 'reply' : 'request'} carries a ${want} body, not ${msg.body.type}`,
    );
  if (msg.body.type === 'read' || msg.body.type === 'data' || msg.body.type === 'read-next') normaliseDi(msg.body.di);
  return { address: normaliseAddress(msg.address), control: msg.control, data: encodeBody(msg.body) };
}

/** Decodes the bytes of one frame (FE wake-up allowed) into a message. */
export const decodeMessage = (bytes: Uint8Array): Dlt645Message => frameToMessage(decodeFrame(bytes));

/** Encodes a message as the bytes of one frame. */
export const encodeMessage = (msg: Dlt645Message, options?: EncodeFrameOptions): Uint8Array =>
  encodeFrame(messageToFrame(msg), options);
