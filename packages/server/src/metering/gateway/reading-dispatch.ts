import { wh } from '@meterflow/core';
import type { DataEntry, DataValue, FieldValue, NumberValue } from '@meterflow/protocols/dlt645/index';
import type { MeterReadingSink } from './meter-reading-sink.ts';

/** Per-meter state carried between reads of one poll (the freeze time stamps the frozen registers). */
export interface DispatchContext {
  address: string;
  readAt: Date;
  freezeTimes: Map<number, string | null>;
}

const num = (f: FieldValue | undefined): NumberValue => {
  if (!f || f.kind !== 'number') throw new Error('catalogue field is not a number');
  return f;
};
const time = (f: FieldValue | undefined): string | null => (f && f.kind === 'time' ? f.text : null);

/** Hands every entry of a decoded value to the sink method its catalogue meaning calls for. */
export async function dispatchValue(value: DataValue, ctx: DispatchContext, sink: MeterReadingSink): Promise<void> {
  for (const e of value.entries) await dispatchEntry(value.di, e, ctx, sink);
}

async function dispatchEntry(di: string, e: DataEntry, ctx: DispatchContext, sink: MeterReadingSink): Promise<void> {
  const base = { address: ctx.address, di, readAt: ctx.readAt };
  const m = e.meaning;
  switch (m.category) {
    case 'energy':
    case 'freeze-energy': {
      const v = num(e.fields[0]);
      const frozen =
        m.category === 'freeze-energy'
          ? { occurrence: m.occurrence, at: ctx.freezeTimes.get(m.occurrence) ?? null }
          : undefined;
      await sink.onRegister({
        ...base,
        register: m.register,
        tariff: m.tariff,
        energyWh: v.wh ?? wh(0),
        text: v.text,
        unit: v.unit,
        frozen,
      });
      return;
    }
    case 'freeze-time':
      ctx.freezeTimes.set(m.occurrence, time(e.fields[0]));
      return;
    case 'demand': {
      const v = num(e.fields[0]);
      await sink.onDemand({
        ...base,
        register: m.register,
        tariff: m.tariff,
        text: v.text,
        scaled: v.scaled,
        decimals: v.decimals,
        unit: v.unit,
        occurredAt: time(e.fields[1]),
      });
      return;
    }
    case 'instant': {
      const v = num(e.fields[0]);
      await sink.onInstant({
        ...base,
        quantity: m.quantity,
        phase: m.phase,
        text: v.text,
        scaled: v.scaled,
        decimals: v.decimals,
        unit: v.unit,
      });
      return;
    }
    case 'event-count':
      await sink.onEvent({ ...base, event: m.event, kind: 'count', count: num(e.fields[0]).scaled });
      return;
    case 'event-record':
      await sink.onEvent({
        ...base,
        event: m.event,
        kind: 'record',
        occurrence: m.occurrence,
        start: time(e.fields[0]),
        end: time(e.fields[1]),
      });
      return;
    default:
      // Clock and address items are read by their own steps, not dispatched.
      return;
  }
}
