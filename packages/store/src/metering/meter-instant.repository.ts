import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** Rows per upsert statement. */
const INSTANT_UPSERT_CHUNK = 400;
/** Meters per lookup. */
export const INSTANT_LOOKUP_MAX = 1000;

/** One instantaneous value as a meter last reported it. */
export interface MeterInstant {
  meterId: string;
  quantity: string;
  phase: string;
  /** The value × 10^decimals (e.g. 2201 with 1 decimal = 220.1 V). */
  valueScaled: number;
  decimals: number;
  unit: string;
  readAtUtc: string;
}

/**
 * The latest voltage, current, power, power factor and frequency per meter: each poll overwrites
 * the previous value unless it is older (a late delivery never replaces a newer reading).
 */
export class MeterInstantRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Stores values; an existing row is replaced only by a reading at least as new. */
  async upsertLatest(values: readonly MeterInstant[]): Promise<void> {
    for (let i = 0; i < values.length; i += INSTANT_UPSERT_CHUNK) {
      const rows = values.slice(i, i + INSTANT_UPSERT_CHUNK).map((v) => ({
        meter_id: v.meterId,
        quantity: v.quantity,
        phase: v.phase,
        value_scaled: v.valueScaled,
        decimals: v.decimals,
        unit: v.unit,
        read_at: v.readAtUtc,
      }));
      await this.db
        .insertInto('meter_instants')
        .values(rows)
        .onConflict((oc) =>
          oc
            .columns(['meter_id', 'quantity', 'phase'])
            .doUpdateSet((eb) => ({
              value_scaled: eb.ref('excluded.value_scaled'),
              decimals: eb.ref('excluded.decimals'),
              unit: eb.ref('excluded.unit'),
              read_at: eb.ref('excluded.read_at'),
            }))
            .whereRef('excluded.read_at', '>=', 'meter_instants.read_at'),
        )
        .execute();
    }
  }

  /** The latest values of the given meters, by meter, quantity and phase. */
  async latest(meterIds: readonly string[]): Promise<MeterInstant[]> {
    if (meterIds.length === 0) return [];
    if (meterIds.length > INSTANT_LOOKUP_MAX) throw new RangeError(`at most ${INSTANT_LOOKUP_MAX} meters per lookup`);
    const rows = await this.db
      .selectFrom('meter_instants')
      .selectAll()
      .where('meter_id', 'in', meterIds)
      .orderBy('meter_id')
      .orderBy('quantity')
      .orderBy('phase')
      .execute();
    return rows.map((r) => ({
      meterId: r.meter_id,
      quantity: r.quantity,
      phase: r.phase,
      valueScaled: Number(r.value_scaled),
      decimals: Number(r.decimals),
      unit: r.unit,
      readAtUtc: r.read_at,
    }));
  }
}
