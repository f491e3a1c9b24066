import { DEFAULT_ZONE, addDays, localDate, localParts, localToInstant } from '@meterflow/core';
import { DLT645_ENERGY_REGISTER, registerModulusWh } from '@meterflow/core/metering/register-spec';
import { lookupDataItem } from '@meterflow/protocols/dlt645/index';
import type { Credentials, FieldInput, ItemMeaning, RelayCommand } from '@meterflow/protocols/dlt645/index';
import type { SimulatedMeterDay } from '../faults/simulate-fleet-days.ts';
import type { MeterFault } from './meter-fault.ts';
import type { RelayState, VirtualMeter } from './virtual-meter.ts';

const MODULUS_WH = registerModulusWh(DLT645_ENERGY_REGISTER);
const SLOT_MS = 15 * 60_000;
/** Tariffs the simulated fleet meters keep (even split, as ConstantPowerMeter does). */
export const FLEET_METER_TARIFFS = 4;
/**
 * Largest value of a signed 3-byte BCD field (power, current; demand shares the cap). A large customer's meter sits behind
 * current transformers and reads secondary values; the simulator, which has no CT ratio, clamps.
 */
const FIELD_MAX = 799_999;
const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * A DL/T 645 meter driven by the fleet's load model: its registers follow the simulated days'
 * 15-minute energy, its daily freezes are what the fault injector left (a backward or frozen
 * register shows there), its clock carries a day's injected drift, it is silent on a silent-meter
 * day, and its power-down counter and records follow the injected outages.
 */
export class FleetDlt645Meter implements VirtualMeter {
  readonly address: string;
  private readonly days = new Map<string, SimulatedMeterDay>();
  private readonly first: SimulatedMeterDay;
  private readonly last: SimulatedMeterDay;
  private state: RelayState = 'closed';
  /** A broadcast time sync puts the clock right for the rest of that local day. */
  private synced: { date: string; offsetMs: number } | null = null;

  constructor(
    days: readonly SimulatedMeterDay[],
    private readonly zone: string = DEFAULT_ZONE,
  ) {
    if (days.length === 0) throw new RangeError('a fleet meter needs at least one simulated day');
    const sorted = [...days].sort((a, b) => a.block.date.localeCompare(b.block.date));
    for (const d of sorted) this.days.set(d.block.date, d);
    this.first = sorted[0];
    this.last = sorted[sorted.length - 1];
    this.address = this.first.meter.meterId;
  }

  relayState(): RelayState {
    return this.state;
  }

  faultAt(now: Date): MeterFault {
    const day = this.days.get(localDate(now, this.zone));
    return day?.injected.some((f) => f.kind === 'silent-meter') ? 'silent' : 'none';
  }

  syncClock(localTime: string, now: Date): void {
    const [date, time] = localTime.split('T');
    const [h, m, s] = time.split(':').map(Number);
    const target = localToInstant(date, h * 60 + m, this.zone).getTime() + s * 1000;
    this.synced = { date: localDate(now, this.zone), offsetMs: target - now.getTime() };
  }

  control(command: RelayCommand, _credentials: Credentials, _now: Date): 'ok' | number {
    if (command === 'trip') this.state = 'open';
    if (command === 'close-allow' || command === 'close-direct') this.state = 'closed';
    return 'ok';
  }

  /** The forward active register (Wh, 10 Wh steps) at an instant. */
  energyAtWh(at: Date): number {
    const date = localDate(at, this.zone);
    const day = this.days.get(date);
    if (!day) return date < this.first.block.date ? this.first.registerStartWh : this.last.registerEndWh;
    const sinceMs = at.getTime() - localToInstant(date, 0, this.zone).getTime();
    const slot = Math.min(day.block.values.length, Math.floor(sinceMs / SLOT_MS));
    const ex = day.exchange;
    let wh = ex && slot >= ex.slot ? ex.newFirstWh : day.registerStartWh;
    for (let s = ex && slot >= ex.slot ? ex.slot : 0; s < slot; s++) wh += day.block.values[s];
    if (slot < day.block.values.length) wh += (day.block.values[slot] * (sinceMs - slot * SLOT_MS)) / SLOT_MS;
    return Math.floor((wh % MODULUS_WH) / 10) * 10;
  }

  /** The daily freeze at 00:00 of `date`: the closing register of the day before, as the injector left it. */
  freezeWh(date: string): number {
    const before = this.days.get(addDays(date, -1));
    if (before) return before.registerEndWh;
    return date <= this.first.block.date ? this.first.registerStartWh : this.last.registerEndWh;
  }

  read(di: string, now: Date): FieldInput[][] | null {
    const item = lookupDataItem(di);
    if (!item) return null;
    if (!item.repeat) {
      const e = this.entry(item.meaning, now);
      return e ? [e] : null;
    }
    const m = item.meaning;
    const n =
      m.category === 'energy' || m.category === 'demand' || m.category === 'freeze-energy'
        ? FLEET_METER_TARIFFS + 1
        : item.repeat.max;
    return item.repeat.entries
      .slice(0, n)
      .map((e) => this.entry(e.meaning, now))
      .filter((e): e is FieldInput[] => e !== null);
  }

  private entry(m: ItemMeaning, now: Date): FieldInput[] | null {
    switch (m.category) {
      case 'energy':
        return split(m.register, m.tariff, this.energyAtWh(now));
      case 'freeze-energy':
        return split(m.register, m.tariff, this.freezeWh(this.freezeDate(m.occurrence, now)));
      case 'freeze-time':
        return [`${this.freezeDate(m.occurrence, now)}T00:00`];
      case 'demand':
        return m.register === 'forward-active' && m.tariff === 0 ? this.demand(now) : [0, null];
      case 'instant':
        return [this.instant(m.quantity, m.phase, now)];
      case 'clock-date':
        return [this.meterTime(now).slice(0, 10)];
      case 'clock-time':
        return [this.meterTime(now).slice(11)];
      case 'address':
        return [this.address];
      case 'event-count':
        return [m.event === 'power-down' ? this.outages(now).length : 0];
      case 'event-record': {
        const r = m.event === 'power-down' ? this.outages(now)[m.occurrence - 1] : undefined;
        return r ? [this.local(r.start), r.end ? this.local(r.end) : null] : [null, null];
      }
    }
  }

  private freezeDate(occurrence: number, now: Date): string {
    return addDays(localDate(now, this.zone), 1 - occurrence);
  }

  /** Average power of the slot in progress (W), 0 while the relay is open or outside the simulated days. */
  private powerW(now: Date): number {
    if (this.state === 'open') return 0;
    const date = localDate(now, this.zone);
    const day = this.days.get(date);
    if (!day) return 0;
    const slot = Math.floor((now.getTime() - localToInstant(date, 0, this.zone).getTime()) / SLOT_MS);
    return (day.block.values[Math.min(slot, day.block.values.length - 1)] ?? 0) * 4;
  }

  private demand(now: Date): FieldInput[] {
    const date = localDate(now, this.zone);
    const day = this.days.get(date);
    if (!day) return [0, null];
    let best = 0;
    let at = 0;
    day.block.values.forEach((v, s) => {
      if (s * SLOT_MS + localToInstant(date, 0, this.zone).getTime() < now.getTime() && v > best) [best, at] = [v, s];
    });
    // kW with 4 decimals: Wh per 15 minutes × 4 = W, × 10 = 0.0001 kW steps.
    return [
      Math.min(FIELD_MAX, best * 40),
      best ? this.local(new Date(localToInstant(date, at * 15, this.zone))).slice(0, 16) : null,
    ];
  }

  private instant(quantity: string, phase: string, now: Date): number {
    return Math.min(FIELD_MAX, this.instantRaw(quantity, phase, now));
  }

  private instantRaw(quantity: string, phase: string, now: Date): number {
    const p = this.powerW(now);
    const perPhase = phase === 'total' ? 1 : 1 / 3;
    const volts = 220 + ((Number(this.address.slice(-3)) + now.getUTCHours()) % 9) - 4;
    const pf = 0.95;
    switch (quantity) {
      case 'voltage':
        return volts * 10;
      case 'current':
        return Math.round(((p / 3) * 1000) / (volts * pf));
      case 'active-power':
        return Math.round(p * perPhase * 10);
      case 'reactive-power':
        return Math.round(p * Math.tan(Math.acos(pf)) * perPhase * 10);
      case 'apparent-power':
        return Math.round((p / pf) * perPhase * 10);
      case 'power-factor':
        return p > 0 ? pf * 1000 : 1000;
      default:
        return 5000;
    }
  }

  /** Outages that began before `now`, most recent first, from the injected power-down/up events. */
  private outages(now: Date): { start: Date; end: Date | null }[] {
    const out: { start: Date; end: Date | null }[] = [];
    for (const day of this.days.values()) {
      const downs = day.events.filter((e) => e.kind === 'power-down');
      for (const d of downs) {
        const start = new Date(d.atUtc);
        if (start.getTime() > now.getTime()) continue;
        const up = day.events.find((e) => e.kind === 'power-up' && e.atUtc > d.atUtc);
        const end = up && new Date(up.atUtc).getTime() <= now.getTime() ? new Date(up.atUtc) : null;
        out.push({ start, end });
      }
    }
    return out.sort((a, b) => b.start.getTime() - a.start.getTime());
  }

  /** The meter's own clock: true time plus the day's injected drift (or the broadcast correction). */
  private meterTime(now: Date): string {
    const date = localDate(now, this.zone);
    const drift =
      this.synced?.date === date ? this.synced.offsetMs : (this.days.get(date)?.clockOffsetSeconds ?? 0) * 1000;
    return this.local(new Date(now.getTime() + drift));
  }

  private local(at: Date): string {
    const p = localParts(at, this.zone);
    return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
  }
}

/** A register's value in 0.01 kWh steps: total, or a tariff's even share (tariff 1 takes the rest); reverse is 0. */
function split(register: string, tariff: number, totalWh: number): FieldInput[] | null {
  if (tariff > FLEET_METER_TARIFFS) return null;
  if (register !== 'forward-active' && register !== 'combined-active') return [0];
  const total = Math.floor(totalWh / 10);
  if (tariff === 0) return [total];
  const share = Math.floor(total / FLEET_METER_TARIFFS);
  return [tariff === 1 ? total - share * (FLEET_METER_TARIFFS - 1) : share];
}

/** Groups simulated days by meter into DL/T 645 fleet meters, in first-seen order. */
export function fleetDlt645Meters(days: Iterable<SimulatedMeterDay>, zone: string = DEFAULT_ZONE): FleetDlt645Meter[] {
  const byMeter = new Map<string, SimulatedMeterDay[]>();
  for (const d of days) {
    const list = byMeter.get(d.meter.meterId) ?? [];
    list.push(d);
    byMeter.set(d.meter.meterId, list);
  }
  return [...byMeter.values()].map((list) => new FleetDlt645Meter(list, zone));
}
