export * from './prepaid-schema.ts';
export * from './prepaid-account.repository.ts';
export * from './prepaid-command.repository.ts';
export * from './settlement-run.repository.ts';
export * from './settlement-store.ts';
export * from './deduction-rows.ts';
export * from './prepaid-repositories.ts';
