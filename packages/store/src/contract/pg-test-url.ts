/** Where the integration suites find PostgreSQL: MF_TEST_PG_URL, else the machine's local server. */
export const PG_TEST_URL = process.env.MF_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema name unique to this test process, so parallel or repeated runs never collide. */
export function uniqueSchema(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}`;
}
