export * from './payments-schema.ts';
export * from './ledger-ops.ts';
export * from './program.ts';
export * from './payment-programs.ts';
export * from './payments.repository.ts';
export * from './payments-office.repository.ts';
export { GROUP_COMMIT_MAX } from './payments-writer.ts';
export * from './payments-repositories.ts';
export * from './payment-lookups.ts';
