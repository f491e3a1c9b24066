import { frameInvalid } from './bcd.ts';

/** The function field (D4..D0) of the control code, with the names used in DL/T 645-2007. */
export const DLT645_FUNCTIONS = {
  0x08: { name: 'broadcast-time-sync', zh: '广播校时' },
  0x11: { name: 'read', zh: '读数据' },
  0x12: { name: 'read-follow-up', zh: '读后续数据' },
  0x13: { name: 'read-address', zh: '读通信地址' },
  0x14: { name: 'write', zh: '写数据' },
  0x15: { name: 'write-address', zh: '写通信地址' },
  0x16: { name: 'freeze', zh: '冻结命令' },
  0x17: { name: 'change-baud-rate', zh: '更改通信速率' },
  0x18: { name: 'change-password', zh: '修改密码' },
  0x19: { name: 'clear-demand', zh: '最大需量清零' },
  0x1a: { name: 'clear-meter', zh: '电表清零' },
  0x1b: { name: 'clear-events', zh: '事件清零' },
  0x1c: { name: 'relay-control', zh: '跳合闸、报警、保电' },
} as const;

export type FunctionCode = keyof typeof DLT645_FUNCTIONS;
export type FunctionName = (typeof DLT645_FUNCTIONS)[FunctionCode]['name'];

export const FN = {
  broadcastTimeSync: 0x08,
  read: 0x11,
  readFollowUp: 0x12,
  readAddress: 0x13,
  write: 0x14,
  writeAddress: 0x15,
  freeze: 0x16,
  changeBaudRate: 0x17,
  changePassword: 0x18,
  clearDemand: 0x19,
  clearMeter: 0x1a,
  clearEvents: 0x1b,
  relayControl: 0x1c,
} as const satisfies Record<string, FunctionCode>;

/** The control byte split into its flags: D7 reply, D6 error reply, D5 more frames follow. */
export interface ControlCode {
  fn: FunctionCode;
  reply: boolean;
  error: boolean;
  followUp: boolean;
}

const REPLY = 0x80;
const ERROR = 0x40;
const FOLLOW_UP = 0x20;

export function isFunctionCode(n: number): n is FunctionCode {
  return Object.prototype.hasOwnProperty.call(DLT645_FUNCTIONS, n);
}

/** Splits a control byte; an unknown function (including the 1997 protocol's 01/81) is FRAME_INVALID. */
export function parseControlCode(byte: number): ControlCode {
  const fn = byte & 0x1f;
  if (!isFunctionCode(fn)) {
    const hint = fn === 0x01 || fn === 0x04 ? ' (DL/T 645-1997 codes are not supported)' : '';
    throw frameInvalid(`control code ${hex(byte)} has unknown function ${hex(fn)}${hint}`, 'control');
  }
  const c: ControlCode = {
    fn,
    reply: (byte & REPLY) !== 0,
    error: (byte & ERROR) !== 0,
    followUp: (byte & FOLLOW_UP) !== 0,
  };
  if (!c.reply && (c.error || c.followUp)) {
    throw frameInvalid(`control code ${hex(byte)} sets error/follow-up flags on a request`, 'control');
  }
  if (c.error && c.followUp)
    throw frameInvalid(`control code ${hex(byte)} is both an error and a follow-up`, 'control');
  return c;
}

/** The control byte of a control code. */
export function controlCodeByte(c: ControlCode): number {
  return c.fn | (c.reply ? REPLY : 0) | (c.error ? ERROR : 0) | (c.followUp ? FOLLOW_UP : 0);
}

/** A request control code for a function. */
export const requestControl = (fn: FunctionCode): ControlCode => ({ fn, reply: false, error: false, followUp: false });

/** A reply control code: normal, error (D6) or with more frames following (D5). */
export function replyControl(fn: FunctionCode, kind: 'normal' | 'error' | 'follow-up' = 'normal'): ControlCode {
  return { fn, reply: true, error: kind === 'error', followUp: kind === 'follow-up' };
}

export const functionName = (fn: FunctionCode): FunctionName => DLT645_FUNCTIONS[fn].name;

function hex(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}
