import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { BillLineMetaTable, TariffTable } from './billing-schema.ts';

/** A catalogue entry to store: the code accounts are assigned and the validated tariff document. */
export interface CatalogueEntry {
  code: string;
  document: {
    id: string;
    name: { zh: string; en: string };
    versions: { version: number; effectiveFrom: string; vatRatePercent: string }[];
  };
}

/** Tariffs as stored from the catalogue, their versions, and the shared metadata of bill lines. */
export class TariffRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Stores (or refreshes) catalogue tariffs and their versions; existing versions are kept as they are. */
  async saveCatalogue(entries: readonly CatalogueEntry[], at: string): Promise<void> {
    for (const e of entries) {
      const d = e.document;
      const row: TariffTable = {
        id: d.id,
        code: e.code,
        name_zh: d.name.zh,
        name_en: d.name.en,
        document: JSON.stringify(d),
        stored_at: at,
      };
      await this.db
        .insertInto('tariffs')
        .values(row)
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet({ code: row.code, name_zh: row.name_zh, name_en: row.name_en, document: row.document }),
        )
        .execute();
      for (const v of d.versions) {
        await this.db
          .insertInto('tariff_versions')
          .values({
            tariff_id: d.id,
            version: v.version,
            effective_from: v.effectiveFrom,
            vat_rate_percent: v.vatRatePercent,
          })
          .onConflict((oc) => oc.columns(['tariff_id', 'version']).doNothing())
          .execute();
      }
    }
  }

  async list(): Promise<TariffTable[]> {
    return this.db.selectFrom('tariffs').selectAll().orderBy('code').execute();
  }

  async get(id: string): Promise<TariffTable | undefined> {
    return this.db.selectFrom('tariffs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async byCode(code: string): Promise<TariffTable | undefined> {
    return this.db.selectFrom('tariffs').selectAll().where('code', '=', code).executeTakeFirst();
  }

  async versions(tariffId: string): Promise<{ version: number; effective_from: string; vat_rate_percent: string }[]> {
    return this.db
      .selectFrom('tariff_versions')
      .select(['version', 'effective_from', 'vat_rate_percent'])
      .where('tariff_id', '=', tariffId)
      .orderBy('version')
      .execute();
  }

  /** Line metadata of the given tariffs (all when omitted). */
  async lineMeta(tariffIds?: readonly string[]): Promise<BillLineMetaTable[]> {
    let q = this.db.selectFrom('bill_line_meta').selectAll();
    if (tariffIds) q = q.where('tariff_id', 'in', tariffIds.length ? [...tariffIds] : ['\u0000']);
    return q.execute();
  }

  /** Adds line metadata first seen by a bill run; a code already stored keeps its first metadata. */
  async saveLineMeta(rows: readonly BillLineMetaTable[]): Promise<void> {
    for (const r of rows) {
      await this.db
        .insertInto('bill_line_meta')
        .values(r)
        .onConflict((oc) => oc.columns(['tariff_id', 'code']).doNothing())
        .execute();
    }
  }
}
