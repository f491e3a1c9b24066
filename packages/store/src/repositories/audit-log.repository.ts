import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface AuditEntry {
  at: string;
  actorUserId: string | null;
  action: string;
  entity: string;
  entityId: string;
  detail: Record<string, unknown>;
}

/** The append-only record of every change a person made (the table refuses UPDATE and DELETE). */
export class AuditLogRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async append(entry: AuditEntry): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({
        at: entry.at,
        actor_user_id: entry.actorUserId,
        action: entry.action,
        entity: entry.entity,
        entity_id: entry.entityId,
        detail: JSON.stringify(entry.detail),
      })
      .execute();
  }

  async listFor(entity: string, entityId: string): Promise<(AuditEntry & { id: number })[]> {
    const rows = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', entity)
      .where('entity_id', '=', entityId)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: Number(r.id),
      at: r.at,
      actorUserId: r.actor_user_id,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
    }));
  }
}
