import type { Kysely } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import type { Database } from '../schema.ts';
import { AlarmObservationRepository } from './alarm-observation.repository.ts';
import { AlarmRepository } from './alarm.repository.ts';
import { CycleStageRepository } from './cycle-stage.repository.ts';
import { NotificationOutboxRepository } from './notification-outbox.repository.ts';
import { WorkOrderRepository } from './work-order.repository.ts';

/** The alarms context's repositories, reached as `store.alarms.*`. */
export class AlarmsRepositories {
  readonly alarms: AlarmRepository;
  readonly workOrders: WorkOrderRepository;
  readonly cycleStages: CycleStageRepository;
  readonly observations: AlarmObservationRepository;
  readonly outbox: NotificationOutboxRepository;

  /** `sqlite` (optional) lets bulk reads bypass the query builder on the embedded engine. */
  constructor(db: Kysely<Database>, sqlite?: SqliteDatabase.Database) {
    this.alarms = new AlarmRepository(db);
    this.workOrders = new WorkOrderRepository(db);
    this.cycleStages = new CycleStageRepository(db, sqlite);
    this.observations = new AlarmObservationRepository(db, sqlite);
    this.outbox = new NotificationOutboxRepository(db);
  }
}
