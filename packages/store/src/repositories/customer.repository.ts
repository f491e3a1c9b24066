import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';
import { insertChunked } from './insert-chunked.ts';
import { type Customer, customerFromRow, customerToRow } from './rows.ts';

export const CUSTOMER_SEARCH_LIMIT_MAX = 100;

export interface CustomerSearchHit {
  customer: Customer;
  matchedBy: 'name' | 'accountNo' | 'meterAddress';
}

/** Customers (客户): households, businesses, enterprise groups and their subsidiaries. */
export class CustomerRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insertMany(customers: readonly Customer[]): Promise<void> {
    await insertChunked(this.db, 'customers', customers.map(customerToRow));
  }

  async get(id: string): Promise<Customer | undefined> {
    const row = await this.db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
    return row && customerFromRow(row);
  }

  /** Number of customers directly under each branch. */
  async countByOrg(): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('customers')
      .select(['org_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('org_id')
      .execute();
    return new Map(rows.map((r) => [r.org_id, Number(r.n)]));
  }

  async listByParent(parentId: string): Promise<Customer[]> {
    const rows = await this.db
      .selectFrom('customers')
      .selectAll()
      .where('parent_id', '=', parentId)
      .orderBy('name')
      .execute();
    return rows.map(customerFromRow);
  }

  /**
   * Finds customers by exact account number, exact meter address, or name substring, restricted
   * to the given branches (undefined = everywhere). Exact identifiers rank before name matches.
   */
  async search(text: string, orgIds: readonly string[] | undefined, limit: number): Promise<CustomerSearchHit[]> {
    const q = text.trim();
    if (!q || (orgIds && orgIds.length === 0)) return [];
    const max = Math.min(Math.max(1, limit), CUSTOMER_SEARCH_LIMIT_MAX);
    const hits: CustomerSearchHit[] = [];
    const seen = new Set<string>();
    const add = (rows: Database['customers'][], matchedBy: CustomerSearchHit['matchedBy']) => {
      for (const r of rows) {
        if (seen.has(r.id) || hits.length >= max) continue;
        seen.add(r.id);
        hits.push({ customer: customerFromRow(r), matchedBy });
      }
    };
    let byAccount = this.db
      .selectFrom('customers')
      .innerJoin('accounts', 'accounts.customer_id', 'customers.id')
      .selectAll('customers')
      .where('accounts.account_no', '=', q);
    if (orgIds) byAccount = byAccount.where('customers.org_id', 'in', orgIds);
    add(await byAccount.limit(max).execute(), 'accountNo');

    let byMeter = this.db
      .selectFrom('customers')
      .innerJoin('accounts', 'accounts.customer_id', 'customers.id')
      .innerJoin('service_points', 'service_points.account_id', 'accounts.id')
      .innerJoin('meters', 'meters.service_point_id', 'service_points.id')
      .selectAll('customers')
      .where((eb) => eb.or([eb('meters.address', '=', q), eb('meters.asset_no', '=', q)]));
    if (orgIds) byMeter = byMeter.where('customers.org_id', 'in', orgIds);
    add(await byMeter.limit(max).execute(), 'meterAddress');

    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    let byName = this.db
      .selectFrom('customers')
      .selectAll()
      .where(sql<boolean>`name LIKE ${pattern} ESCAPE '\\'`)
      .orderBy('name');
    if (orgIds) byName = byName.where('org_id', 'in', orgIds);
    add(await byName.limit(max).execute(), 'name');
    return hits;
  }
}
