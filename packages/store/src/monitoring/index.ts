export * from './monitoring-schema.ts';
export * from './monitoring-rows.ts';
export * from './monitoring-repositories.ts';
export { PQ_INSERT_CHUNK, PQ_LIST_LIMIT_MAX, type PqEventFilter } from './pq.repository.ts';
export type { AccountToAssess } from './risk.repository.ts';
