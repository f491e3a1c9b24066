import { addDays, localDate, localToInstant, type Clock } from '@meterflow/core';
import type { MeterEvent } from '@meterflow/core/metering/meter-event';
import { QUALITY } from '@meterflow/core/metering/quality-flag';
import { DLT645_ENERGY_REGISTER } from '@meterflow/core/metering/register-spec';
import { dayRegisterDelta } from '@meterflow/core/metering/vee/day-register-delta';
import { runRegisterVee } from '@meterflow/core/metering/vee/register-day-vee';
import type { ResolvedVeeConfig } from '@meterflow/core/metering/vee/vee-config';
import type { DayRegisters, VeeException } from '@meterflow/core/metering/vee/vee-rule';
import type { DailyFreezeRecord, Store } from '@meterflow/store';
import { VEE_REGISTER } from '../vee.service.ts';

/** Meters looked up per block query. */
const METER_CHUNK = 500;
/** Days of earlier register advances a check may look at. */
export const REGISTER_HISTORY_DAYS_MAX = 31;

export interface RegisterVeeResult {
  checked: number;
  exceptions: number;
  /** `meter/date` → exceptions raised, for per-book figures. */
  flagged: Map<string, number>;
}

/**
 * VEE for meters read only through their registers (DL/T 645 daily freezes, no load profile):
 * checks finished days that have no interval block, raises and clears exceptions in the same queue.
 * Checking a day again is harmless, so a late freeze (read a day later) simply settles it.
 */
export class RegisterVeeService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly zone: string,
    private readonly config: ResolvedVeeConfig,
  ) {}

  /** Checks each meter on each given finished day; days of the current local day are skipped. */
  async checkDays(addresses: readonly string[], dates: readonly string[]): Promise<RegisterVeeResult> {
    const today = localDate(this.clock.now(), this.zone);
    const days = [...new Set(dates)].filter((d) => d < today).sort();
    const result: RegisterVeeResult = { checked: 0, exceptions: 0, flagged: new Map() };
    if (days.length === 0) return result;
    for (let i = 0; i < addresses.length; i += METER_CHUNK) {
      const chunk = addresses.slice(i, i + METER_CHUNK);
      const withBlocks = new Set(
        (await this.store.metering.blocks.daySummaries(chunk, 1, days[0], days[days.length - 1])).map(
          (b) => `${b.meterId}/${b.date}`,
        ),
      );
      const orgs = await this.store.metering.collection.orgOfMeters(chunk);
      for (const address of chunk) await this.checkMeter(address, days, withBlocks, orgs.get(address) ?? null, result);
    }
    return result;
  }

  private async checkMeter(
    address: string,
    days: string[],
    withBlocks: Set<string>,
    orgId: string | null,
    result: RegisterVeeResult,
  ): Promise<void> {
    const zeroDays = this.zeroDays();
    const first = addDays(days[0], -zeroDays);
    const last = days[days.length - 1];
    const m = this.store.metering;
    const freezes = new Map(
      (await m.reads.dailyFreezes(address, VEE_REGISTER, first, addDays(last, 1))).map((f) => [f.date, f]),
    );
    const events = await m.reads.events(address, this.dayStart(first), this.dayStart(addDays(last, 1)));
    const now = this.clock.now();
    const at = now.toISOString();
    for (const date of days) {
      if (withBlocks.has(`${address}/${date}`)) continue;
      const dayEvents = events.filter((e) => localDate(new Date(e.atUtc), this.zone) === date);
      const earlier: (number | null)[] = [];
      for (let k = zeroDays - 1; k >= 1; k--) {
        const d = addDays(date, -k);
        const reg = this.registers(
          freezes,
          d,
          events.filter((e) => localDate(new Date(e.atUtc), this.zone) === d),
        );
        earlier.push(reg ? dayRegisterDelta(reg) : null);
      }
      const found = onePerRule(
        runRegisterVee(
          {
            meterId: address,
            date,
            register: this.registers(freezes, date, dayEvents),
            earlierAdvancesWh: earlier,
            events: dayEvents,
            premiseOccupied: true,
            clockOffsetSeconds: clockOffsetOf(dayEvents),
            nowUtc: now,
            zone: this.zone,
          },
          this.config,
        ),
      );
      if (found.length)
        await m.exceptions.raise(
          found.map((e) => ({ ...e, orgId })),
          at,
        );
      await m.exceptions.clearStale(
        { meterId: address, channel: 1, date },
        [...new Set(found.map((e) => e.ruleId))],
        at,
      );
      result.checked++;
      result.exceptions += found.length;
      if (found.length) result.flagged.set(`${address}/${date}`, found.length);
    }
  }

  private zeroDays(): number {
    const rule = this.config.rules.find((r) => r.rule.id === 'zero-consumption');
    return Math.min(REGISTER_HISTORY_DAYS_MAX, Math.max(1, Number(rule?.params.days ?? 1)));
  }

  private dayStart(date: string): string {
    return localToInstant(date, 0, this.zone).toISOString();
  }

  private registers(
    freezes: Map<string, DailyFreezeRecord>,
    date: string,
    events: readonly MeterEvent[],
  ): DayRegisters | undefined {
    const start = freezes.get(date);
    const end = freezes.get(addDays(date, 1));
    if (!start || !end) return undefined;
    const read = (valueWh: number) => ({ valueWh, quality: QUALITY.ACTUAL });
    const exchange = events.find((e) => e.kind === 'meter-exchange');
    const oldLast = Number(exchange?.detail?.oldLastWh);
    const newFirst = Number(exchange?.detail?.newFirstWh);
    return {
      start: read(start.valueWh),
      end: read(end.valueWh),
      spec: DLT645_ENERGY_REGISTER,
      kind: 'forward',
      ...(exchange && Number.isFinite(oldLast) && Number.isFinite(newFirst)
        ? { exchange: { oldLast: read(oldLast), newFirst: read(newFirst) } }
        : {}),
    };
  }
}

/** The queue keeps one entry per rule and day: findings of one rule are joined. */
function onePerRule(found: VeeException[]): VeeException[] {
  const byRule = new Map<string, VeeException>();
  for (const e of found) {
    const seen = byRule.get(e.ruleId);
    if (!seen) byRule.set(e.ruleId, e);
    else
      byRule.set(e.ruleId, {
        ...seen,
        detail: `${seen.detail}; ${e.detail}`,
        severity: seen.severity === 'error' ? 'error' : e.severity,
      });
  }
  return [...byRule.values()];
}

/** The largest offset a clock-error event of the day reported, in seconds. */
function clockOffsetOf(events: readonly MeterEvent[]): number | undefined {
  let worst: number | undefined;
  for (const e of events) {
    const s = Number(e.detail?.offsetSeconds);
    if (e.kind === 'clock-error' && Number.isFinite(s) && (worst === undefined || Math.abs(s) > Math.abs(worst)))
      worst = s;
  }
  return worst;
}
