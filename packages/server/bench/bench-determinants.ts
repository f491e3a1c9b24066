// The bill benchmarks' determinants: 85 % residential tiered, 10 % commerce time-of-use, 5 %
// two-part with power factor, from a seeded generator so every run bills the same accounts.
import { SeededRandom } from '@meterflow/core';
import type { BillDeterminantTable, Store } from '@meterflow/store';
import { storeCatalogue } from '../src/billing/tariff-catalogue.ts';

export const BENCH_CYCLE = '2026-10';
const BOOK_SIZE = 20_000;
const LOAD_BATCH = 50_000;

type Kind = 'res' | 'tou' | 'two';
const TARIFF: Record<Kind, string> = {
  res: 'gansu-residential-tiered',
  tou: 'gansu-commerce-tou',
  two: 'gansu-large-industry-two-part',
};

/** Determinants in batches, generated on demand so a million rows never sit in the heap at once. */
export function* benchDeterminantBatches(n: number): Generator<BillDeterminantTable[]> {
  const rng = new SeededRandom(20261001);
  let rows: BillDeterminantTable[] = [];
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    const kind: Kind = r < 0.85 ? 'res' : r < 0.95 ? 'tou' : 'two';
    const row: BillDeterminantTable = {
      account_id: `a${String(i).padStart(7, '0')}`,
      cycle: BENCH_CYCLE,
      reading_book_id: `bk${String(Math.floor(i / BOOK_SIZE)).padStart(3, '0')}`,
      customer_class: kind === 'res' ? 'residential' : kind === 'tou' ? 'commercial' : 'large_industrial',
      tariff_id: TARIFF[kind],
      period_from: '2026-09-01',
      period_to: '2026-10-01',
      active_wh: 0,
      tou_wh: null,
      reactive_varh: 0,
      max_demand_w: 0,
      capacity_va: 0,
      contract_demand_w: 0,
      multiplier: 1,
      flags: 0,
      source: 'bench',
      created_at: '2026-10-01T00:00:00.000Z',
    };
    if (kind === 'res') row.active_wh = rng.int(0, 600) * 1000;
    else {
      row.multiplier = kind === 'tou' ? rng.pick([1, 20, 30]) : rng.pick([4000, 6000]);
      const scale = kind === 'tou' ? 300 : 50;
      const t = { peak: rng.int(0, 1000) * scale, flat: rng.int(1, 1000) * scale, valley: rng.int(0, 1000) * scale };
      row.tou_wh = JSON.stringify(t);
      row.active_wh = t.peak + t.flat + t.valley;
      if (kind === 'two') {
        row.reactive_varh = Math.floor((row.active_wh * rng.int(20, 80)) / 100);
        row.capacity_va = 1_000_000;
        row.contract_demand_w = 500_000;
        row.max_demand_w = rng.int(50, 120);
      }
    }
    rows.push(row);
    if (rows.length === LOAD_BATCH) {
      yield rows;
      rows = [];
    }
  }
  if (rows.length) yield rows;
}

/** Stores the catalogue, a branch, the reading books and `n` accounts' determinants; returns the book ids. */
export async function loadBenchDeterminants(store: Store, n: number, at: string): Promise<string[]> {
  await storeCatalogue(store, at);
  await store.orgs.insertMany([
    { id: 'org-bench', parentId: null, code: '99', name: '基准', nameEn: 'Bench', level: 'province' },
  ]);
  const seen = new Set<string>();
  for (const rows of benchDeterminantBatches(n)) {
    const books = [...new Set(rows.map((r) => r.reading_book_id))].filter((b) => !seen.has(b));
    books.forEach((b) => seen.add(b));
    await store.accounts.insertReadingBooks(
      books.map((id) => ({ id, orgId: 'org-bench', code: id, name: id, readingDay: 1 })),
    );
    await store.billing.determinants.putMany(rows);
  }
  return [...seen];
}
