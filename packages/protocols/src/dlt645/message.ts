import type { ControlCode } from './control-code.ts';
import type { RelayCommand } from './relay-command.ts';

/** Password (PA level + P0..P2) and operator code (C0..C3) that guard writes and commands. */
export interface Credentials {
  /** Permission level PA, 0..255 (02 and 04 are the usual levels). */
  level: number;
  /** P2 P1 P0 as 6 hex digits, most significant first. */
  password: string;
  /** C3 C2 C1 C0 as 8 hex digits, most significant first. */
  operator: string;
}

/** The data field of a message, by what it holds. Times are the meter's local wall-clock text. */
export type Dlt645Body =
  /** 11 request: read one identifier. `extra` (hex) carries load-profile block/time parameters. */
  | { type: 'read'; di: string; extra?: string }
  /** 91/B1 reply (no seq) or 92/B2 reply to a follow-up read (seq). `payload` excludes DI and seq. */
  | { type: 'data'; di: string; payload: Uint8Array; seq?: number }
  /** 12 request: the next frame `seq` (1, 2, ...) of a reply that said more follows. */
  | { type: 'read-next'; di: string; seq: number }
  /** Any error reply (D6 set): one error word. */
  | { type: 'error'; errorWord: number }
  /** 08 broadcast: set the clock. */
  | { type: 'time-sync'; time: string }
  /** 13 request, and the normal replies that carry no data (94 95 96 99 9A 9B 9C). */
  | { type: 'none' }
  /** 93 reply (the meter's address) and 15 request (the new address). */
  | { type: 'address'; address: string }
  /** 14 request: write `payload` (already encoded) to an identifier. */
  | { type: 'write'; di: string; credentials: Credentials; payload: Uint8Array }
  /** 16 request: freeze time MMDDhhmm; 99 in a place repeats it, 99999999 freezes now. */
  | { type: 'freeze'; pattern: string }
  /** 17 request and 97 reply: the baud-rate feature word Z. */
  | { type: 'baud-rate'; code: number }
  /** 18 request: change the password of one level. */
  | {
      type: 'password-change';
      di: string;
      old: { level: number; password: string };
      new: { level: number; password: string };
    }
  /** 98 reply: the new password. */
  | { type: 'password'; level: number; password: string }
  /** 19 (clear demand) and 1A (clear meter) requests. */
  | { type: 'credentials'; credentials: Credentials }
  /** 1B request: clear the events of one identifier (FFFFFFFF = all). */
  | { type: 'clear-events'; credentials: Credentials; di: string }
  /** 1C request: trip, close, alarm or keep-power, valid until a local time. */
  | { type: 'relay'; credentials: Credentials; command: RelayCommand; validUntil: string | null };

export type Dlt645BodyType = Dlt645Body['type'];

/** One frame read as a message: who, which function and direction, and what it carries. */
export interface Dlt645Message {
  address: string;
  control: ControlCode;
  body: Dlt645Body;
}
