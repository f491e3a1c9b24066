import type { BillDeterminantTable } from './billing-schema.ts';

/** Numbers per row in `DeterminantBatch.values`, in `DETERMINANT_VALUE` order. */
export const DETERMINANT_VALUES = 7;

/** Offsets of a row's numbers in `DeterminantBatch.values` (row × DETERMINANT_VALUES + offset). */
export const DETERMINANT_VALUE = {
  activeWh: 0,
  reactiveVarh: 1,
  maxDemandW: 2,
  capacityVa: 3,
  contractDemandW: 4,
  multiplier: 5,
  flags: 6,
} as const;

/**
 * A page of one book's determinants in columns: numbers in one typed array, repeated strings
 * (classes, tariffs, dates) once in `dict`. Cheap to read, to post to a worker thread (no object
 * per row to clone) and to bind when the bills are written.
 */
export interface DeterminantBatch {
  n: number;
  cycle: string;
  readingBookId: string;
  accountIds: string[];
  dict: string[];
  customerClass: Uint16Array;
  tariffId: Uint16Array;
  periodFrom: Uint16Array;
  periodTo: Uint16Array;
  /** JSON of Wh per time-of-use period, or null. */
  touWh: (string | null)[];
  values: Float64Array;
}

/** Builds batches row by row, interning repeated strings. */
export class DeterminantBatchBuilder {
  private readonly batch: DeterminantBatch;
  private readonly index = new Map<string, number>();
  private i = 0;

  constructor(cycle: string, readingBookId: string, capacity: number) {
    this.batch = {
      n: 0,
      cycle,
      readingBookId,
      accountIds: [],
      dict: [],
      customerClass: new Uint16Array(capacity),
      tariffId: new Uint16Array(capacity),
      periodFrom: new Uint16Array(capacity),
      periodTo: new Uint16Array(capacity),
      touWh: [],
      values: new Float64Array(capacity * DETERMINANT_VALUES),
    };
  }

  private intern(s: string): number {
    let k = this.index.get(s);
    if (k === undefined) {
      k = this.batch.dict.length;
      this.batch.dict.push(s);
      this.index.set(s, k);
    }
    return k;
  }

  /** Appends one row given as its column values (the order of `DETERMINANT_BATCH_COLUMNS`). */
  push(r: readonly unknown[]): void {
    const b = this.batch;
    const i = this.i++;
    b.accountIds.push(r[0] as string);
    b.customerClass[i] = this.intern(r[1] as string);
    b.tariffId[i] = this.intern(r[2] as string);
    b.periodFrom[i] = this.intern(r[3] as string);
    b.periodTo[i] = this.intern(r[4] as string);
    b.touWh.push((r[5] as string | null) ?? null);
    const o = i * DETERMINANT_VALUES;
    for (let k = 0; k < DETERMINANT_VALUES; k++) b.values[o + k] = Number(r[6 + k]);
  }

  build(): DeterminantBatch {
    const b = this.batch;
    b.n = this.i;
    if (b.n * DETERMINANT_VALUES < b.values.length) {
      b.customerClass = b.customerClass.slice(0, b.n);
      b.tariffId = b.tariffId.slice(0, b.n);
      b.periodFrom = b.periodFrom.slice(0, b.n);
      b.periodTo = b.periodTo.slice(0, b.n);
      b.values = b.values.slice(0, b.n * DETERMINANT_VALUES);
    }
    return b;
  }
}

/** The columns a batch is read from, in `DeterminantBatchBuilder.push` order. */
export const DETERMINANT_BATCH_COLUMNS = [
  'account_id',
  'customer_class',
  'tariff_id',
  'period_from',
  'period_to',
  'tou_wh',
  'active_wh',
  'reactive_varh',
  'max_demand_w',
  'capacity_va',
  'contract_demand_w',
  'multiplier',
  'flags',
] as const satisfies readonly (keyof BillDeterminantTable)[];

/** A batch of rows as read through the query builder (PostgreSQL). */
export function batchOfRows(
  cycle: string,
  readingBookId: string,
  rows: readonly Pick<BillDeterminantTable, (typeof DETERMINANT_BATCH_COLUMNS)[number]>[],
): DeterminantBatch {
  const b = new DeterminantBatchBuilder(cycle, readingBookId, rows.length);
  for (const r of rows) b.push(DETERMINANT_BATCH_COLUMNS.map((c) => r[c]));
  return b.build();
}
