import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** One reading book's collection on one day: meters in the book and meters with a complete day. */
export interface BookCollectionDay {
  bookId: string;
  date: string;
  meters: number;
  collected: number;
}

/** A meter in service as the reading plan sees it: address, register id, book and branch. */
export interface PlannedMeter {
  meterId: string;
  address: string;
  readingBookId: string | null;
  branchId: string;
}

/** Addresses or books per lookup. */
const PLANNED_LOOKUP_CHUNK = 500;

/**
 * Collection success (采集成功率) by reading book: a meter counts as collected on a day when its
 * as-read block of channel 1 has no missing slot. Meters are matched to blocks by address.
 */
export class CollectionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Meters in service per book, within `orgIds` (undefined = every branch). */
  async metersByBook(orgIds: readonly string[] | undefined): Promise<Map<string, number>> {
    let q = this.db
      .selectFrom('meters as m')
      .innerJoin('service_points as sp', 'sp.id', 'm.service_point_id')
      .innerJoin('accounts as a', 'a.id', 'sp.account_id')
      .select((eb) => ['a.reading_book_id as book_id', eb.fn.countAll<number>().as('n')])
      .where('m.removed_on', 'is', null)
      .where('a.reading_book_id', 'is not', null);
    if (orgIds) q = orgIds.length ? q.where('a.org_id', 'in', orgIds) : q.where(sql<boolean>`1 = 0`);
    const rows = await q.groupBy('a.reading_book_id').execute();
    return new Map(rows.map((r) => [r.book_id as string, Number(r.n)]));
  }

  /** The branch (org) of the account each in-service meter address serves; unknown addresses are left out. */
  async orgOfMeters(addresses: readonly string[]): Promise<Map<string, string>> {
    if (addresses.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('meters as m')
      .innerJoin('service_points as sp', 'sp.id', 'm.service_point_id')
      .innerJoin('accounts as a', 'a.id', 'sp.account_id')
      .select(['m.address', 'a.org_id'])
      .where('m.address', 'in', addresses)
      .where('m.removed_on', 'is', null)
      .execute();
    return new Map(rows.map((r) => [r.address, r.org_id]));
  }

  /** Meters in service by address or by reading book, with their book and branch. */
  async plannedMeters(by: {
    addresses?: readonly string[];
    readingBooks?: readonly string[];
  }): Promise<PlannedMeter[]> {
    const out: PlannedMeter[] = [];
    for (const [col, values] of [
      ['m.address', by.addresses ?? []],
      ['a.reading_book_id', by.readingBooks ?? []],
    ] as const) {
      for (let i = 0; i < values.length; i += PLANNED_LOOKUP_CHUNK) {
        const rows = await this.db
          .selectFrom('meters as m')
          .innerJoin('service_points as sp', 'sp.id', 'm.service_point_id')
          .innerJoin('accounts as a', 'a.id', 'sp.account_id')
          .select(['m.id', 'm.address', 'a.reading_book_id', 'a.org_id'])
          .where(col, 'in', values.slice(i, i + PLANNED_LOOKUP_CHUNK))
          .where('m.removed_on', 'is', null)
          .orderBy('m.address')
          .execute();
        for (const r of rows)
          out.push({ meterId: r.id, address: r.address, readingBookId: r.reading_book_id, branchId: r.org_id });
      }
    }
    return out;
  }

  /** Per book and day in [from, to]: meters in the book and how many were collected in full. */
  async byBook(orgIds: readonly string[] | undefined, from: string, to: string): Promise<BookCollectionDay[]> {
    const meters = await this.metersByBook(orgIds);
    let q = this.db
      .selectFrom('interval_blocks as b')
      .innerJoin('meters as m', (j) => j.onRef('m.address', '=', 'b.meter_id').on('m.removed_on', 'is', null))
      .innerJoin('service_points as sp', 'sp.id', 'm.service_point_id')
      .innerJoin('accounts as a', 'a.id', 'sp.account_id')
      .select((eb) => ['a.reading_book_id as book_id', 'b.date', eb.fn.count<number>('m.id').distinct().as('n')])
      .where('b.version', '=', 1)
      .where('b.channel', '=', 1)
      .where('b.missing_slots', '=', 0)
      .where('b.date', '>=', from)
      .where('b.date', '<=', to)
      .where('a.reading_book_id', 'is not', null);
    if (orgIds) q = orgIds.length ? q.where('a.org_id', 'in', orgIds) : q.where(sql<boolean>`1 = 0`);
    const rows = await q.groupBy(['a.reading_book_id', 'b.date']).execute();
    const collected = new Map(rows.map((r) => [`${r.book_id}|${r.date}`, Number(r.n)]));
    const out: BookCollectionDay[] = [];
    for (const [bookId, n] of [...meters].sort()) {
      for (let d = from; d <= to; d = nextDay(d)) {
        out.push({ bookId, date: d, meters: n, collected: collected.get(`${bookId}|${d}`) ?? 0 });
      }
    }
    return out;
  }
}

function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}
