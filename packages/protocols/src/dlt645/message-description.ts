import { toSpacedHex } from './bcd.ts';
import { DLT645_FUNCTIONS, controlCodeByte } from './control-code.ts';
import { decodeDataValue } from './data-value.ts';
import type { DataValue } from './data-value.ts';
import type { ItemName } from './data-item.ts';
import { describeErrorWord } from './error-word.ts';
import type { ErrorWordBit } from './error-word.ts';
import type { Dlt645Message } from './message.ts';

/** One value of a decoded reply, flattened for people and JSON. */
export interface DescribedValue {
  name: ItemName;
  value: string | null;
  unit?: string;
  wh?: number;
}

/** A message as plain JSON: what a field engineer wants to see when pasting a frame. */
export interface MessageDescription {
  address: string;
  control: string;
  function: string;
  functionZh: string;
  reply: boolean;
  error: boolean;
  followUp: boolean;
  dataIdentifier: string | null;
  item: ItemName | null;
  /** The value's text when it has one field; an array when it has several (blocks, demand + time). */
  value: string | null | DescribedValue[];
  unit: string | null;
  /** Energy of a single-value reply in Wh (varh for reactive), exact. */
  wh?: number;
  errorWord: { word: string; meaning: ErrorWordBit[] } | null;
  /** The other fields of the data (credentials, command, time, sequence, raw payload). */
  body: Record<string, unknown>;
}

function flatten(v: DataValue): DescribedValue[] {
  return v.entries.flatMap((e) =>
    e.fields.map((f) => {
      const d: DescribedValue = { name: f.name ?? e.name, value: f.text };
      if (f.kind === 'number') {
        d.unit = f.unit;
        if (f.wh !== undefined) d.wh = f.wh;
      }
      return d;
    }),
  );
}

/** Describes a decoded message, decoding a read reply's value with the catalogue (FRAME_INVALID on bad BCD). */
export function describeMessage(msg: Dlt645Message): MessageDescription {
  const fn = DLT645_FUNCTIONS[msg.control.fn];
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(msg.body))
    if (v !== undefined) body[k] = v instanceof Uint8Array ? toSpacedHex(v) : v;
  const out: MessageDescription = {
    address: msg.address,
    control: controlCodeByte(msg.control).toString(16).toUpperCase().padStart(2, '0'),
    function: fn.name,
    functionZh: fn.zh,
    reply: msg.control.reply,
    error: msg.control.error,
    followUp: msg.control.followUp,
    dataIdentifier: 'di' in msg.body ? msg.body.di : null,
    item: null,
    value: null,
    unit: null,
    wh: undefined,
    errorWord: null,
    body,
  };
  if (msg.body.type === 'error') {
    out.errorWord = {
      word: msg.body.errorWord.toString(16).toUpperCase().padStart(2, '0'),
      meaning: describeErrorWord(msg.body.errorWord),
    };
  }
  if (msg.body.type === 'data') {
    const v = decodeDataValue(msg.body.di, msg.body.payload);
    out.item = v.item;
    const values = flatten(v);
    if (values.length === 1) {
      out.value = values[0].value;
      out.unit = values[0].unit ?? null;
      if (values[0].wh !== undefined) out.wh = values[0].wh;
    } else if (values.length > 1) out.value = values;
  }
  return out;
}
