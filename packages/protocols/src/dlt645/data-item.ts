import type { TimeLayout } from './meter-time.ts';

/** An item's name in Chinese (as on the meter's nameplate and in the standard) and in English. */
export interface ItemName {
  zh: string;
  en: string;
}

/** What one field of a data item holds on the wire. */
export type FieldFormat =
  | { kind: 'number'; bytes: number; decimals: number; signed: boolean; unit: string; name?: ItemName }
  | { kind: 'time'; layout: TimeLayout; name?: ItemName }
  | { kind: 'digits'; bytes: number; name?: ItemName };

export type EnergyRegister =
  'combined-active' | 'forward-active' | 'reverse-active' | 'combined-reactive-1' | 'combined-reactive-2';
export type InstantQuantity =
  'voltage' | 'current' | 'active-power' | 'reactive-power' | 'apparent-power' | 'power-factor' | 'frequency';
export type Phase = 'total' | 'A' | 'B' | 'C';
export type MeterEvent = 'power-down' | 'cover-open';

/** What a value means, so a reader can file it without parsing names. */
export type ItemMeaning =
  | { category: 'energy'; register: EnergyRegister; tariff: number }
  | { category: 'demand'; register: EnergyRegister; tariff: number }
  | { category: 'instant'; quantity: InstantQuantity; phase: Phase }
  | { category: 'clock-date' }
  | { category: 'clock-time' }
  | { category: 'event-count'; event: MeterEvent }
  | { category: 'event-record'; event: MeterEvent; occurrence: number }
  | { category: 'freeze-time'; occurrence: number }
  | { category: 'freeze-energy'; register: EnergyRegister; occurrence: number; tariff: number }
  | { category: 'address' };

/** One entry of the data identifier catalogue. */
export interface DataItem {
  /** DI3 DI2 DI1 DI0 as 8 hex digits. */
  di: string;
  name: ItemName;
  /** Fields in wire order. */
  fields: FieldFormat[];
  meaning: ItemMeaning;
  /** FF blocks: the fields repeat once per entry, the data length tells how many were sent. */
  repeat?: { max: number; entries: { name: ItemName; meaning: ItemMeaning }[] };
}
