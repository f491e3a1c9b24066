import { AppError, addDays, type Clock } from '@meterflow/core';
import { applyClerkEdit, type SlotEdit } from '@meterflow/core/metering/clerk-edit';
import { changedSlots } from '@meterflow/core/metering/block-revision';
import { QUALITY } from '@meterflow/core/metering/quality-flag';
import { estimateGaps } from '@meterflow/core/metering/vee/estimate-gaps';
import type { ResolvedVeeConfig } from '@meterflow/core/metering/vee/vee-config';
import type { Store, StoredVeeException, VeeExceptionStatus } from '@meterflow/store';
import type { AccessPolicy } from '../auth/access-policy.ts';
import type { Principal } from '../auth/principal.ts';
import { VEE_HISTORY_DAYS } from './vee.service.ts';

/** Roles that may decide on VEE exceptions (an auditor may look, not decide). */
export const VEE_CLERK_ROLES = ['clerk', 'admin'] as const;

export interface VeeQueueQuery {
  status?: VeeExceptionStatus;
  meterId?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

/** The clerk's side of the VEE exception queue: list, accept, estimate, edit — each audited. */
export class VeeQueueService {
  constructor(
    private readonly store: Store,
    private readonly access: AccessPolicy,
    private readonly clock: Clock,
    private readonly config: ResolvedVeeConfig,
  ) {}

  async list(p: Principal, q: VeeQueueQuery): Promise<{ items: StoredVeeException[]; total: number }> {
    this.access.requireStaff(p);
    const scope = await this.access.scopeOf(p);
    return this.store.metering.exceptions.list({ ...q, orgIds: scope.orgIds });
  }

  /** An exception the user may reach, or NOT_FOUND. */
  async get(p: Principal, id: string): Promise<StoredVeeException> {
    this.access.requireStaff(p);
    const e = await this.store.metering.exceptions.get(id);
    const scope = await this.access.scopeOf(p);
    const visible = e && (scope.orgIds === undefined || (e.orgId !== null && scope.orgIds.includes(e.orgId)));
    if (!e || !visible) throw new AppError('NOT_FOUND', `VEE exception ${id} not found`);
    return e;
  }

  /** The value stands as read (or as VEE left it): closes the day's open exceptions. */
  async accept(p: Principal, id: string, note: string): Promise<StoredVeeException> {
    const e = await this.decidable(p, id);
    const at = this.clock.now().toISOString();
    await this.store.transaction(async (tx) => {
      await tx.metering.exceptions.resolveBlock(e, 'accepted', p.userId, note, at);
      await tx.audit.append(this.audit(p, 'vee.accept', e, { note }, at));
    });
    return this.get(p, id);
  }

  /** Replaces the exception's slots by estimates (a new version) and closes the day's exceptions. */
  async estimate(p: Principal, id: string): Promise<StoredVeeException> {
    const e = await this.decidable(p, id);
    const at = this.clock.now().toISOString();
    await this.store.transaction(async (tx) => {
      const versions = await tx.metering.blocks.versions(e);
      const latest = versions[versions.length - 1]?.block;
      if (!latest) throw new AppError('NOT_FOUND', `no interval data for ${e.meterId} on ${e.date}`);
      const history = await tx.metering.blocks.latestBlocks(
        e.meterId,
        e.channel,
        addDays(e.date, -VEE_HISTORY_DAYS),
        addDays(e.date, -1),
      );
      const distrust = new Set(e.slots.filter((s) => latest.quality[s] !== QUALITY.EDITED));
      const est = estimateGaps({ block: latest, distrust, history, registerDeltaWh: null }, this.config.estimation);
      const next = { ...latest, version: latest.version + 1, values: est.values, quality: est.quality };
      const slots = changedSlots(latest, next);
      if (slots.length > 0) {
        await tx.metering.blocks.appendVersion(next, {
          meterId: e.meterId,
          channel: e.channel,
          date: e.date,
          version: next.version,
          basedOnVersion: latest.version,
          kind: 'vee',
          reason: `estimated at the request of ${p.username}`,
          by: p.userId,
          atUtc: at,
          slots,
        });
      }
      await tx.metering.exceptions.resolveBlock(e, 'estimated', p.userId, `estimated ${slots.length} slot(s)`, at);
      await tx.audit.append(this.audit(p, 'vee.estimate', e, { slots }, at));
    });
    return this.get(p, id);
  }

  /** A clerk's values with a reason: a new version (quality edited) and the edit trail. */
  async edit(p: Principal, id: string, edits: readonly SlotEdit[], reason: string): Promise<StoredVeeException> {
    const e = await this.decidable(p, id);
    const at = this.clock.now().toISOString();
    await this.store.transaction(async (tx) => {
      const versions = await tx.metering.blocks.versions(e);
      const latest = versions[versions.length - 1]?.block;
      if (!latest) throw new AppError('NOT_FOUND', `no interval data for ${e.meterId} on ${e.date}`);
      const r = applyClerkEdit(latest, edits, { clerkId: p.userId, reason, atUtc: at });
      await tx.metering.blocks.appendVersion(r.block, r.revision);
      await tx.metering.edits.append(r.records);
      await tx.metering.exceptions.resolveBlock(e, 'edited', p.userId, reason.trim(), at);
      await tx.audit.append(this.audit(p, 'vee.edit', e, { reason: reason.trim(), edits: [...edits] }, at));
    });
    return this.get(p, id);
  }

  private async decidable(p: Principal, id: string): Promise<StoredVeeException> {
    this.access.requireRole(p, VEE_CLERK_ROLES);
    const e = await this.get(p, id);
    if (e.status !== 'open') throw new AppError('STATE_INVALID', `VEE exception ${id} is already ${e.status}`);
    return e;
  }

  private audit(p: Principal, action: string, e: StoredVeeException, detail: Record<string, unknown>, at: string) {
    return {
      at,
      actorUserId: p.userId,
      action,
      entity: 'interval_block',
      entityId: `${e.meterId}/${e.channel}/${e.date}`,
      detail: { exception: e.id, rule: e.ruleId, ...detail },
    };
  }
}
