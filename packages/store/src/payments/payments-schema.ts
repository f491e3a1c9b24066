/**
 * Tables of the payments context (migration 000x-payments). Conventions as in ../schema.ts: text ids,
 * ISO-8601 UTC instants, YYYY-MM-DD dates, integers in the smallest unit.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PaymentsTables {}
