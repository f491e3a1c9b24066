import { AppError, addDays, localToInstant } from '@meterflow/core';
import { QUALITY, QUALITY_NAMES, type QualityFlag } from '@meterflow/core/metering/quality-flag';
import type { MeterEvent } from '@meterflow/core/metering/meter-event';
import type { EditRecord } from '@meterflow/core/metering/clerk-edit';
import { BLOCK_QUERY_DAYS_MAX, type DailyFreezeRecord, type Store } from '@meterflow/store';
import type { AccessPolicy } from '../auth/access-policy.ts';
import type { Principal } from '../auth/principal.ts';
import { VEE_REGISTER } from './vee.service.ts';

export interface MeterDayView {
  date: string;
  version: number;
  values: number[];
  /** Quality code per slot: 0 actual, 1 estimated, 2 edited, 3 suspect, 4 missing. */
  quality: number[];
}

export interface MeterReadsView {
  meterId: string;
  channel: number;
  days: MeterDayView[];
  freezes: DailyFreezeRecord[];
  events: MeterEvent[];
}

export interface BlockHistoryView {
  versions: {
    version: number;
    kind: string;
    basedOnVersion: number;
    reason: string;
    by: string;
    atUtc: string;
    values: number[];
    quality: number[];
  }[];
  edits: EditRecord[];
}

export interface BookCollectionView {
  bookId: string;
  code: string;
  name: string;
  orgId: string;
  readingDay: number;
  days: { date: string; meters: number; collected: number; ratePercent: number }[];
}

export interface UsagePoint {
  /** `YYYY-MM-DD` or `YYYY-MM`. */
  period: string;
  /** Primary-side energy: interval sum × multiplier (CT × PT), Wh. */
  wh: number;
  kwh: number;
  quality: string;
  /** Days of the period with a stored block for every meter in service. */
  daysWithData: number;
  days: number;
}

/** Reading a meter's data, the collection rate of reading books and an account's usage. */
export class MeteringQueryService {
  constructor(
    private readonly store: Store,
    private readonly access: AccessPolicy,
    private readonly zone: string,
  ) {}

  /** Staff may read meters of their branch; meters outside the register only an administrator. */
  private async requireMeter(p: Principal, meterId: string): Promise<void> {
    this.access.requireStaff(p);
    const scope = await this.access.scopeOf(p);
    if (scope.orgIds === undefined) return;
    const org = (await this.store.metering.collection.orgOfMeters([meterId])).get(meterId);
    if (!org || !scope.orgIds.includes(org)) throw new AppError('NOT_FOUND', `meter ${meterId} not found`);
  }

  async meterReads(p: Principal, meterId: string, channel: number, from: string, to: string): Promise<MeterReadsView> {
    checkRange(from, to);
    await this.requireMeter(p, meterId);
    const m = this.store.metering;
    const blocks = await m.blocks.latestBlocks(meterId, channel, from, to);
    const fromUtc = localToInstant(from, 0, this.zone).toISOString();
    const toUtc = localToInstant(addDays(to, 1), 0, this.zone).toISOString();
    return {
      meterId,
      channel,
      days: blocks.map((b) => ({ date: b.date, version: b.version, values: [...b.values], quality: [...b.quality] })),
      freezes: await m.reads.dailyFreezes(meterId, VEE_REGISTER, from, addDays(to, 1)),
      events: await m.reads.events(meterId, fromUtc, toUtc),
    };
  }

  async blockHistory(p: Principal, meterId: string, channel: number, date: string): Promise<BlockHistoryView> {
    await this.requireMeter(p, meterId);
    const key = { meterId, channel, date };
    const versions = await this.store.metering.blocks.versions(key);
    if (versions.length === 0) throw new AppError('NOT_FOUND', `no interval data for ${meterId} on ${date}`);
    return {
      versions: versions.map((v) => ({
        version: v.block.version,
        kind: v.kind,
        basedOnVersion: v.basedOnVersion,
        reason: v.reason,
        by: v.by,
        atUtc: v.atUtc,
        values: [...v.block.values],
        quality: [...v.block.quality],
      })),
      edits: await this.store.metering.edits.forBlock(key),
    };
  }

  /** Collection success rate (采集成功率) per reading book and day, within the user's branches. */
  async collection(p: Principal, from: string, to: string): Promise<BookCollectionView[]> {
    checkRange(from, to);
    this.access.requireStaff(p);
    const scope = await this.access.scopeOf(p);
    const books = await this.store.accounts.listReadingBooks(scope.orgIds);
    const rows = await this.store.metering.collection.byBook(scope.orgIds, from, to);
    return books
      .map((b) => ({
        bookId: b.id,
        code: b.code,
        name: b.name,
        orgId: b.orgId,
        readingDay: b.readingDay,
        days: rows
          .filter((r) => r.bookId === b.id)
          .map((r) => ({
            date: r.date,
            meters: r.meters,
            collected: r.collected,
            ratePercent: r.meters ? Math.round((10000 * r.collected) / r.meters) / 100 : 0,
          })),
      }))
      .filter((b) => b.days.length > 0);
  }

  /** An account's energy by day or month from stored blocks, multiplier applied, with the worst quality. */
  async accountUsage(
    p: Principal,
    accountId: string,
    from: string,
    to: string,
    granularity: 'day' | 'month',
  ): Promise<UsagePoint[]> {
    checkRange(from, to);
    const account = await this.access.account(p, accountId);
    return (await this.usageOf([account.id], from, to, granularity)).get(account.id) ?? [];
  }

  /**
   * Energy of several accounts over [from, to] by day or month, as `accountUsage` counts it. No
   * access check: for other contexts' ports, which decide themselves which accounts a user may see.
   */
  async usageOf(
    accountIds: readonly string[],
    from: string,
    to: string,
    granularity: 'day' | 'month',
  ): Promise<Map<string, UsagePoint[]>> {
    checkRange(from, to);
    const points = await this.store.accounts.listServicePoints(accountIds);
    const meters = await this.store.meters.listByServicePoints(points.map((sp) => sp.id));
    const sums = await this.store.metering.blocks.daySummaries(
      meters.map((m) => m.address),
      1,
      from,
      to,
    );
    const byKey = new Map(sums.map((s) => [`${s.meterId}|${s.date}`, s]));
    const accountOf = new Map(points.map((sp) => [sp.id, sp.accountId]));
    const out = new Map<string, UsagePoint[]>();
    for (const accountId of accountIds) {
      const own = meters.filter((m) => accountOf.get(m.servicePointId) === accountId);
      const acc = new Map<string, { wh: number; worst: QualityFlag; daysWithData: number; days: number }>();
      for (let d = from; d <= to; d = addDays(d, 1)) {
        const period = granularity === 'day' ? d : d.slice(0, 7);
        const a = acc.get(period) ?? { wh: 0, worst: QUALITY.ACTUAL, daysWithData: 0, days: 0 };
        let complete = true;
        for (const m of own) {
          if (m.installedOn > d || (m.removedOn !== null && m.removedOn <= d)) continue;
          const s = byKey.get(`${m.address}|${d}`);
          if (!s) {
            complete = false;
            a.worst = QUALITY.MISSING;
            continue;
          }
          a.wh += s.sumValue * m.ctRatio * m.ptRatio;
          if (s.worstQuality > a.worst) a.worst = s.worstQuality as QualityFlag;
        }
        a.days++;
        if (complete) a.daysWithData++;
        acc.set(period, a);
      }
      out.set(
        accountId,
        [...acc].map(([period, a]) => ({
          period,
          wh: a.wh,
          kwh: a.wh / 1000,
          quality: QUALITY_NAMES[a.worst],
          daysWithData: a.daysWithData,
          days: a.days,
        })),
      );
    }
    return out;
  }
}

function checkRange(from: string, to: string): void {
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  if (!(days >= 0) || days > BLOCK_QUERY_DAYS_MAX) {
    throw new AppError(
      'VALIDATION_FAILED',
      `from must not be after to, and the range at most ${BLOCK_QUERY_DAYS_MAX} days`,
      [{ path: '/to', message: `at most ${BLOCK_QUERY_DAYS_MAX} days after from` }],
    );
  }
}
