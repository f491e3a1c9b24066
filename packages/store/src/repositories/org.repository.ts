import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { insertChunked } from './insert-chunked.ts';
import { type Org, orgFromRow, orgToRow } from './rows.ts';

/** The supply organisation tree (供电单位): province → city → county branch. */
export class OrgRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insertMany(orgs: readonly Org[]): Promise<void> {
    await insertChunked(this.db, 'orgs', orgs.map(orgToRow));
  }

  async list(): Promise<Org[]> {
    const rows = await this.db.selectFrom('orgs').selectAll().orderBy('code').execute();
    return rows.map(orgFromRow);
  }

  async get(id: string): Promise<Org | undefined> {
    const row = await this.db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst();
    return row && orgFromRow(row);
  }

  /** The ids of `rootId` and every branch below it. The tree is small (hundreds), so it is walked in memory. */
  async subtreeIds(rootId: string): Promise<string[]> {
    return subtreeOf(await this.list(), rootId);
  }
}

/** Ids of `rootId` and all its descendants in a list of orgs. */
export function subtreeOf(orgs: readonly Org[], rootId: string): string[] {
  const children = new Map<string, string[]>();
  for (const o of orgs) {
    if (!o.parentId) continue;
    const list = children.get(o.parentId) ?? [];
    list.push(o.id);
    children.set(o.parentId, list);
  }
  if (!orgs.some((o) => o.id === rootId)) return [];
  const out: string[] = [];
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop()!;
    out.push(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}
