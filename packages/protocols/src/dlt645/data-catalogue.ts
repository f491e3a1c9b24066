import type {
  DataItem,
  EnergyRegister,
  FieldFormat,
  InstantQuantity,
  ItemMeaning,
  ItemName,
  Phase,
} from './data-item.ts';
import { normaliseDi } from './data-identifier.ts';

/** Tariffs 1..63 have their own registers (00 01 01 00 .. 00 01 3F 00). */
export const MAX_TARIFFS = 63;
/** Event records kept per event type (the 1st..10th most recent). */
export const EVENT_RECORDS_KEPT = 10;
/** Daily freezes kept (the 1st..62nd most recent day). */
export const DAILY_FREEZES_KEPT = 62;

const hex2 = (n: number): string => n.toString(16).toUpperCase().padStart(2, '0');

const ENERGY_REGISTERS: [number, EnergyRegister, string, string, boolean, string][] = [
  [0x00, 'combined-active', '组合有功', 'combined active energy', true, 'kWh'],
  [0x01, 'forward-active', '正向有功', 'forward active energy', false, 'kWh'],
  [0x02, 'reverse-active', '反向有功', 'reverse active energy', false, 'kWh'],
  [0x03, 'combined-reactive-1', '组合无功1', 'combined reactive energy 1', true, 'kvarh'],
  [0x04, 'combined-reactive-2', '组合无功2', 'combined reactive energy 2', true, 'kvarh'],
];

const energyField = (signed: boolean, unit: string): FieldFormat => ({
  kind: 'number',
  bytes: 4,
  decimals: 2,
  signed,
  unit,
});
const tariffName = (zh: string, en: string, t: number, zhWhat: string): ItemName =>
  t === 0 ? { zh: `${zh}总${zhWhat}`, en: `${en}, total` } : { zh: `${zh}费率${t}${zhWhat}`, en: `${en}, tariff ${t}` };

function blockEntries(zh: string, en: string, what: string, meaning: (t: number) => ItemMeaning) {
  return Array.from({ length: MAX_TARIFFS + 1 }, (_, t) => ({
    name: tariffName(zh, en, t, what),
    meaning: meaning(t),
  }));
}

function addEnergies(out: DataItem[]): void {
  const what = '电能';
  for (const [code, register, zh, en, signed, unit] of ENERGY_REGISTERS) {
    const field = energyField(signed, unit);
    for (let t = 0; t <= MAX_TARIFFS; t++) {
      const meaning: ItemMeaning = { category: 'energy', register, tariff: t };
      out.push({ di: `00${hex2(code)}${hex2(t)}00`, name: tariffName(zh, en, t, what), fields: [field], meaning });
    }
    const entries = blockEntries(zh, en, what, (t) => ({ category: 'energy', register, tariff: t }));
    out.push({
      di: `00${hex2(code)}FF00`,
      name: { zh: `${zh}电能数据块`, en: `${en}, block (total and tariffs)` },
      fields: [field],
      meaning: entries[0].meaning,
      repeat: { max: MAX_TARIFFS + 1, entries },
    });
  }
}

const DEMAND_FIELDS: FieldFormat[] = [
  { kind: 'number', bytes: 3, decimals: 4, signed: false, unit: 'kW', name: { zh: '最大需量', en: 'maximum demand' } },
  { kind: 'time', layout: 'YYMMDDhhmm', name: { zh: '发生时间', en: 'time of occurrence' } },
];

function addDemands(out: DataItem[]): void {
  const what = '最大需量及发生时间';
  for (const [code, register, zh, energyEn] of ENERGY_REGISTERS.filter(([c]) => c === 1 || c === 2)) {
    const en = energyEn.replace(' energy', ' maximum demand and time');
    for (let t = 0; t <= MAX_TARIFFS; t++) {
      const meaning: ItemMeaning = { category: 'demand', register, tariff: t };
      out.push({
        di: `01${hex2(code)}${hex2(t)}00`,
        name: tariffName(zh, en, t, what),
        fields: DEMAND_FIELDS,
        meaning,
      });
    }
    const entries = blockEntries(zh, en, what, (t) => ({ category: 'demand', register, tariff: t }));
    out.push({
      di: `01${hex2(code)}FF00`,
      name: { zh: `${zh}最大需量及发生时间数据块`, en: `${en}, block (total and tariffs)` },
      fields: DEMAND_FIELDS,
      meaning: entries[0].meaning,
      repeat: { max: MAX_TARIFFS + 1, entries },
    });
  }
}

const INSTANTS: [number, InstantQuantity, string, string, FieldFormat, Phase[]][] = [
  [
    0x01,
    'voltage',
    '电压',
    'voltage',
    { kind: 'number', bytes: 2, decimals: 1, signed: false, unit: 'V' },
    ['A', 'B', 'C'],
  ],
  [
    0x02,
    'current',
    '电流',
    'current',
    { kind: 'number', bytes: 3, decimals: 3, signed: true, unit: 'A' },
    ['A', 'B', 'C'],
  ],
  [
    0x03,
    'active-power',
    '瞬时有功功率',
    'active power',
    { kind: 'number', bytes: 3, decimals: 4, signed: true, unit: 'kW' },
    ['total', 'A', 'B', 'C'],
  ],
  [
    0x04,
    'reactive-power',
    '瞬时无功功率',
    'reactive power',
    { kind: 'number', bytes: 3, decimals: 4, signed: true, unit: 'kvar' },
    ['total', 'A', 'B', 'C'],
  ],
  [
    0x05,
    'apparent-power',
    '瞬时视在功率',
    'apparent power',
    { kind: 'number', bytes: 3, decimals: 4, signed: true, unit: 'kVA' },
    ['total', 'A', 'B', 'C'],
  ],
  [
    0x06,
    'power-factor',
    '功率因数',
    'power factor',
    { kind: 'number', bytes: 2, decimals: 3, signed: true, unit: '' },
    ['total', 'A', 'B', 'C'],
  ],
];
const PHASE_ZH: Record<Phase, string> = { total: '总', A: 'A相', B: 'B相', C: 'C相' };

function addInstants(out: DataItem[]): void {
  for (const [code, quantity, zh, en, field, phases] of INSTANTS) {
    const entries = phases.map((phase) => ({
      name: { zh: `${PHASE_ZH[phase]}${zh}`, en: `${en}, ${phase === 'total' ? 'total' : `phase ${phase}`}` },
      meaning: { category: 'instant', quantity, phase } as ItemMeaning,
    }));
    phases.forEach((phase, i) => {
      const di1 = phase === 'total' ? 0 : phase.charCodeAt(0) - 64;
      out.push({
        di: `02${hex2(code)}${hex2(di1)}00`,
        name: entries[i].name,
        fields: [field],
        meaning: entries[i].meaning,
      });
    });
    out.push({
      di: `02${hex2(code)}FF00`,
      name: { zh: `${zh}数据块`, en: `${en}, block` },
      fields: [field],
      meaning: entries[0].meaning,
      repeat: { max: phases.length, entries },
    });
  }
  out.push({
    di: '02800002',
    name: { zh: '电网频率', en: 'frequency' },
    fields: [{ kind: 'number', bytes: 2, decimals: 2, signed: false, unit: 'Hz' }],
    meaning: { category: 'instant', quantity: 'frequency', phase: 'total' },
  });
}

const COUNT: FieldFormat = { kind: 'number', bytes: 3, decimals: 0, signed: false, unit: 'times' };
const START_END: FieldFormat[] = [
  { kind: 'time', layout: 'YYMMDDhhmmss', name: { zh: '发生时刻', en: 'start' } },
  { kind: 'time', layout: 'YYMMDDhhmmss', name: { zh: '结束时刻', en: 'end' } },
];

function addClockAndEvents(out: DataItem[]): void {
  out.push(
    {
      di: '04000101',
      name: { zh: '日期及星期', en: 'date and weekday' },
      fields: [{ kind: 'time', layout: 'YYMMDDWW' }],
      meaning: { category: 'clock-date' },
    },
    {
      di: '04000102',
      name: { zh: '时间', en: 'time' },
      fields: [{ kind: 'time', layout: 'hhmmss' }],
      meaning: { category: 'clock-time' },
    },
    {
      di: '04000401',
      name: { zh: '通信地址', en: 'communication address' },
      fields: [{ kind: 'digits', bytes: 6 }],
      meaning: { category: 'address' },
    },
    {
      di: '03110000',
      name: { zh: '掉电总次数', en: 'power-down count' },
      fields: [COUNT],
      meaning: { category: 'event-count', event: 'power-down' },
    },
    {
      di: '03300D00',
      name: { zh: '开表盖总次数', en: 'meter-cover-open count' },
      fields: [COUNT],
      meaning: { category: 'event-count', event: 'cover-open' },
    },
  );
  for (let n = 1; n <= EVENT_RECORDS_KEPT; n++) {
    out.push({
      di: `031100${hex2(n)}`,
      name: { zh: `上${n}次掉电发生时刻及结束时刻`, en: `power-down record ${n} (most recent = 1): start and end` },
      fields: START_END,
      meaning: { category: 'event-record', event: 'power-down', occurrence: n },
    });
  }
}

function addDailyFreezes(out: DataItem[]): void {
  for (let n = 1; n <= DAILY_FREEZES_KEPT; n++) {
    out.push({
      di: `050600${hex2(n)}`,
      name: { zh: `上${n}次日冻结时间`, en: `daily freeze ${n} (most recent = 1): time` },
      fields: [{ kind: 'time', layout: 'YYMMDDhhmm' }],
      meaning: { category: 'freeze-time', occurrence: n },
    });
    for (const [code, register, zh, en] of ENERGY_REGISTERS.filter(([c]) => c === 1 || c === 2)) {
      const entries = blockEntries(zh, en, '电能', (t) => ({
        category: 'freeze-energy',
        register,
        occurrence: n,
        tariff: t,
      }));
      out.push({
        di: `0506${hex2(code)}${hex2(n)}`,
        name: { zh: `上${n}次日冻结${zh}电能数据`, en: `daily freeze ${n}: ${en}, total and tariffs` },
        fields: [energyField(false, 'kWh')],
        meaning: entries[0].meaning,
        repeat: { max: MAX_TARIFFS + 1, entries },
      });
    }
  }
}

function build(): Map<string, DataItem> {
  const items: DataItem[] = [];
  addEnergies(items);
  addDemands(items);
  addInstants(items);
  addClockAndEvents(items);
  addDailyFreezes(items);
  return new Map(items.map((i) => [i.di, i]));
}

const CATALOGUE = build();

/** The catalogue entry for a data identifier, or undefined when the codec does not know it. */
export function lookupDataItem(di: string): DataItem | undefined {
  return CATALOGUE.get(normaliseDi(di));
}

/** Every data item the codec can decode, in catalogue order. */
export function listDataItems(): DataItem[] {
  return [...CATALOGUE.values()];
}
