import type { Kysely } from 'kysely';
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

  constructor(db: Kysely<Database>) {
    this.alarms = new AlarmRepository(db);
    this.workOrders = new WorkOrderRepository(db);
    this.cycleStages = new CycleStageRepository(db);
    this.observations = new AlarmObservationRepository(db);
    this.outbox = new NotificationOutboxRepository(db);
  }
}
