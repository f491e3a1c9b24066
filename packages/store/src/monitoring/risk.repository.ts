import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { MonitoringProfile, RiskAssessmentRow } from './monitoring-rows.ts';
import { PQ_LIST_LIMIT_MAX } from './pq.repository.ts';

export interface AccountToAssess {
  accountId: string;
  orgId: string;
  customerClass: string;
  capacityKva: number;
  voltageLevel: string;
  /** Installed meters: address, CT and PT ratios and 综合倍率 (CT × PT), since meter values are secondary-side. */
  meters: { address: string; multiplier: number; ctRatio: number; ptRatio: number }[];
}

/** Accounts' monitoring profiles and their safe-usage risk assessments. */
export class RiskRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async upsertProfiles(rows: readonly MonitoringProfile[]): Promise<void> {
    for (const p of rows) {
      const values = {
        account_id: p.accountId,
        category_id: p.categoryId,
        limit_set_id: p.limitSetId,
        industry: p.industry,
        updated_at: p.updatedAt,
      };
      const { account_id: _a, ...update } = values;
      await this.db
        .insertInto('monitoring_profiles')
        .values(values)
        .onConflict((oc) => oc.column('account_id').doUpdateSet(update))
        .execute();
    }
  }

  async profiles(accountIds: readonly string[]): Promise<MonitoringProfile[]> {
    if (accountIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('monitoring_profiles')
      .selectAll()
      .where('account_id', 'in', [...accountIds])
      .execute();
    return rows.map((r) => ({
      accountId: r.account_id,
      categoryId: r.category_id,
      limitSetId: r.limit_set_id,
      industry: r.industry,
      updatedAt: r.updated_at,
    }));
  }

  /** The account (and its branch) a meter address serves now, if any. */
  async accountOfMeter(address: string): Promise<{ accountId: string; orgId: string } | undefined> {
    const r = await this.db
      .selectFrom('meters as m')
      .innerJoin('service_points as sp', 'sp.id', 'm.service_point_id')
      .innerJoin('accounts as a', 'a.id', 'sp.account_id')
      .select(['a.id as accountId', 'a.org_id as orgId'])
      .where('m.address', '=', address)
      .where('m.removed_on', 'is', null)
      .executeTakeFirst();
    return r;
  }

  /** Active accounts after `afterId` (id order), with their installed meters' addresses: the risk job's pages. */
  async accountsToAssess(afterId: string, limit: number): Promise<AccountToAssess[]> {
    const accounts = await this.db
      .selectFrom('accounts')
      .select(['id', 'org_id', 'customer_class', 'contracted_capacity_kva', 'voltage_level'])
      .where('status', '=', 'active')
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
    if (accounts.length === 0) return [];
    const meters = await this.db
      .selectFrom('meters as m')
      .innerJoin('service_points as sp', 'sp.id', 'm.service_point_id')
      .select(['sp.account_id', 'm.address', 'm.ct_ratio', 'm.pt_ratio'])
      .where(
        'sp.account_id',
        'in',
        accounts.map((a) => a.id),
      )
      .where('m.removed_on', 'is', null)
      .execute();
    return accounts.map((a) => ({
      accountId: a.id,
      orgId: a.org_id,
      customerClass: a.customer_class,
      capacityKva: a.contracted_capacity_kva,
      voltageLevel: a.voltage_level,
      meters: meters
        .filter((m) => m.account_id === a.id)
        .map((m) => ({
          address: m.address,
          multiplier: m.ct_ratio * m.pt_ratio,
          ctRatio: m.ct_ratio,
          ptRatio: m.pt_ratio,
        })),
    }));
  }

  /** Stores an assessment; running again for the same account and day replaces it. */
  async upsertAssessments(rows: readonly RiskAssessmentRow[]): Promise<void> {
    for (const r of rows) {
      const values = {
        account_id: r.accountId,
        as_of: r.asOf,
        org_id: r.orgId,
        assessed_at: r.assessedAt,
        score: r.score,
        level: r.level,
        alarm: r.alarm ? 1 : 0,
        findings: JSON.stringify(r.findings),
        reasons: JSON.stringify(r.reasons),
        advice: JSON.stringify(r.advice),
      };
      const { account_id: _a, as_of: _d, ...update } = values;
      await this.db
        .insertInto('risk_assessments')
        .values(values)
        .onConflict((oc) => oc.columns(['account_id', 'as_of']).doUpdateSet(update))
        .execute();
    }
  }

  /** Each account's latest assessment, highest score first; optionally within some branches or accounts. */
  async latest(filter: {
    orgIds?: readonly string[];
    accountIds?: readonly string[];
    limit: number;
  }): Promise<RiskAssessmentRow[]> {
    let q = this.db
      .selectFrom('risk_assessments as r')
      .selectAll('r')
      .where(({ eb, selectFrom }) =>
        eb(
          'r.as_of',
          '=',
          selectFrom('risk_assessments as l')
            .select((s) => s.fn.max('l.as_of').as('m'))
            .whereRef('l.account_id', '=', 'r.account_id'),
        ),
      );
    if (filter.orgIds) q = q.where('r.org_id', 'in', filter.orgIds.length ? [...filter.orgIds] : ['']);
    if (filter.accountIds) q = q.where('r.account_id', 'in', filter.accountIds.length ? [...filter.accountIds] : ['']);
    const rows = await q
      .orderBy('r.score', 'desc')
      .orderBy('r.account_id')
      .limit(Math.min(filter.limit, PQ_LIST_LIMIT_MAX))
      .execute();
    return rows.map((r) => ({
      accountId: r.account_id,
      asOf: r.as_of,
      orgId: r.org_id,
      assessedAt: r.assessed_at,
      score: r.score,
      level: r.level,
      alarm: r.alarm === 1,
      findings: JSON.parse(r.findings) as unknown[],
      reasons: JSON.parse(r.reasons) as RiskAssessmentRow['reasons'],
      advice: JSON.parse(r.advice) as RiskAssessmentRow['advice'],
    }));
  }
}
