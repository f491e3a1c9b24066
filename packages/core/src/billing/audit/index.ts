// The automatic bill audit (电费审核): rules as data-driven checks with thresholds passed in.
export * from './audit-input.ts';
export * from './audit-rules.ts';
export * from './audit-bill.ts';
