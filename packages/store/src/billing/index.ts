export * from './billing-schema.ts';
export * from './billing-repositories.ts';
export * from './tariff.repository.ts';
export * from './determinant.repository.ts';
export * from './bill.repository.ts';
export * from './bill-run.repository.ts';
export { BILL_COLUMNS } from './bill-rows.ts';
