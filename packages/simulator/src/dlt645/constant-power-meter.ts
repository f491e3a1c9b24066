import { DEFAULT_ZONE, addDays, localDate, localParts, localToInstant } from '@meterflow/core';
import type { Wh } from '@meterflow/core';
import { DEFAULT_CREDENTIALS, ERROR_UNAUTHORISED, lookupDataItem } from '@meterflow/protocols/dlt645/index';
import type { Credentials, DataItem, FieldInput, ItemMeaning, RelayCommand } from '@meterflow/protocols/dlt645/index';
import type { RelayState, VirtualMeter } from './virtual-meter.ts';

export interface ConstantPowerMeterOptions {
  address: string;
  /** Constant active power while the relay is closed. */
  powerW: number;
  /** Forward active energy at `startedAt`. */
  startEnergyWh: Wh | number;
  startedAt: Date;
  tariffCount?: number;
  /** Meter clock minus true time. */
  clockDriftSeconds?: number;
  zone?: string;
  voltageV?: number;
  powerFactor?: number;
  powerDownCount?: number;
  coverOpenCount?: number;
  /** Power-down records, most recent first, as local start/end times. */
  powerDowns?: { start: string; end: string }[];
  credentials?: Credentials;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * The simplest meter that behaves: a constant load while the relay is closed, all on phase A..C
 * evenly, energy split evenly over the tariffs. Good for protocol and gateway tests; realistic load
 * shapes live in ../profiles.
 */
export class ConstantPowerMeter implements VirtualMeter {
  readonly address: string;
  private readonly o: Required<Omit<ConstantPowerMeterOptions, 'startEnergyWh'>> & { startEnergyWh: number };
  private driftMs: number;
  private state: RelayState = 'closed';
  /** Relay changes, oldest first: energy only accrues while closed. */
  private readonly changes: { at: number; state: RelayState }[] = [];

  constructor(options: ConstantPowerMeterOptions) {
    this.address = options.address;
    this.o = {
      tariffCount: 4,
      clockDriftSeconds: 0,
      zone: DEFAULT_ZONE,
      voltageV: 220,
      powerFactor: 0.95,
      powerDownCount: 0,
      coverOpenCount: 0,
      powerDowns: [],
      credentials: DEFAULT_CREDENTIALS,
      ...options,
      startEnergyWh: Number(options.startEnergyWh),
    };
    this.driftMs = this.o.clockDriftSeconds * 1000;
  }

  relayState(): RelayState {
    return this.state;
  }

  /** Forward active energy at an instant, integrating the closed periods. */
  energyAtWh(at: Date): number {
    let closedMs = 0;
    let from = this.o.startedAt.getTime();
    let state: RelayState = 'closed';
    for (const c of this.changes) {
      if (c.at >= at.getTime()) break;
      if (state === 'closed') closedMs += c.at - from;
      from = c.at;
      state = c.state;
    }
    if (state === 'closed') closedMs += Math.max(0, at.getTime() - from);
    return this.o.startEnergyWh + Math.floor((this.o.powerW * closedMs) / 3_600_000);
  }

  syncClock(localTime: string, now: Date): void {
    const [date, time] = localTime.split('T');
    const [h, m, s] = time.split(':').map(Number);
    const target = localToInstant(date, h * 60 + m, this.o.zone).getTime() + s * 1000;
    this.driftMs = target - now.getTime();
  }

  control(command: RelayCommand, credentials: Credentials, now: Date): 'ok' | number {
    const c = this.o.credentials;
    if (credentials.level !== c.level || credentials.password.toUpperCase() !== c.password.toUpperCase())
      return ERROR_UNAUTHORISED;
    const next: RelayState | null =
      command === 'trip' ? 'open' : command === 'close-allow' || command === 'close-direct' ? 'closed' : null;
    if (next && next !== this.state) {
      this.changes.push({ at: now.getTime(), state: next });
      this.state = next;
    }
    return 'ok';
  }

  read(di: string, now: Date): FieldInput[][] | null {
    const item = lookupDataItem(di);
    if (!item) return null;
    if (item.repeat) {
      const n = this.blockSize(item);
      return item.repeat.entries
        .slice(0, n)
        .map((e) => this.entry(e.meaning, now))
        .filter((e): e is FieldInput[] => e !== null);
    }
    return wrap(this.entry(item.meaning, now));
  }

  private blockSize(item: DataItem): number {
    const m = item.meaning;
    return m.category === 'energy' || m.category === 'demand' || m.category === 'freeze-energy'
      ? this.o.tariffCount + 1
      : item.repeat!.max;
  }

  private entry(m: ItemMeaning, now: Date): FieldInput[] | null {
    switch (m.category) {
      case 'energy':
        return this.energyEntry(m.register, m.tariff, now);
      case 'freeze-energy':
        return this.energyEntry(m.register, m.tariff, this.freezeInstant(m.occurrence, now));
      case 'freeze-time':
        return [this.localText(this.freezeInstant(m.occurrence, now), false).slice(0, 16)];
      case 'demand':
        return m.register === 'forward-active' && m.tariff <= this.o.tariffCount
          ? [this.o.powerW * 10, this.localText(this.o.startedAt, false).slice(0, 16)]
          : [0, null];
      case 'instant':
        return [this.instant(m.quantity, m.phase)];
      case 'clock-date':
        return [this.localText(now, true).slice(0, 10)];
      case 'clock-time':
        return [this.localText(now, true).slice(11)];
      case 'address':
        return [this.address];
      case 'event-count':
        return [m.event === 'power-down' ? this.o.powerDownCount : this.o.coverOpenCount];
      case 'event-record': {
        const r = m.event === 'power-down' ? this.o.powerDowns[m.occurrence - 1] : undefined;
        return r ? [r.start, r.end] : [null, null];
      }
    }
  }

  /** Register value in the field's step (0.01 kWh); tariffs share the total evenly, tariff 1 takes the rest. */
  private energyEntry(register: string, tariff: number, at: Date): FieldInput[] | null {
    if (tariff > this.o.tariffCount) return null;
    if (register !== 'forward-active' && register !== 'combined-active') return [0];
    const total = Math.floor(this.energyAtWh(at) / 10);
    if (tariff === 0) return [total];
    const share = Math.floor(total / this.o.tariffCount);
    return [tariff === 1 ? total - share * (this.o.tariffCount - 1) : share];
  }

  private instant(quantity: string, phase: string): number {
    const on = this.state === 'closed';
    const p = on ? this.o.powerW : 0;
    const perPhase = phase === 'total' ? 1 : 1 / 3;
    const q = p * Math.tan(Math.acos(this.o.powerFactor));
    switch (quantity) {
      case 'voltage':
        return Math.round(this.o.voltageV * 10);
      case 'current':
        return Math.round(((p / 3) * 1000) / (this.o.voltageV * this.o.powerFactor));
      case 'active-power':
        return Math.round(p * perPhase * 10);
      case 'reactive-power':
        return Math.round(q * perPhase * 10);
      case 'apparent-power':
        return Math.round(Math.hypot(p, q) * perPhase * 10);
      case 'power-factor':
        return on ? Math.round(this.o.powerFactor * 1000) : 1000;
      default:
        return 5000; // frequency 50.00 Hz
    }
  }

  /** The meter's own local time (true time plus drift), `YYYY-MM-DDThh:mm:ss`. */
  private localText(at: Date, withDrift: boolean): string {
    const p = localParts(new Date(at.getTime() + (withDrift ? this.driftMs : 0)), this.o.zone);
    return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
  }

  /** The n-th most recent local midnight (daily freeze at 00:00). */
  private freezeInstant(occurrence: number, now: Date): Date {
    return localToInstant(addDays(localDate(now, this.o.zone), 1 - occurrence), 0, this.o.zone);
  }
}

const wrap = (e: FieldInput[] | null): FieldInput[][] | null => (e ? [e] : null);
