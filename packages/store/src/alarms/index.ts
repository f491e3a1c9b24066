export * from './alarms-schema.ts';
export * from './alarm-rows.ts';
export * from './alarms-repositories.ts';
export * from './alarm.repository.ts';
export * from './work-order.repository.ts';
export * from './cycle-stage.repository.ts';
export * from './alarm-observation.repository.ts';
export * from './notification-outbox.repository.ts';
