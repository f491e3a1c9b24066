import { after } from 'node:test';
import pg from 'pg';
import { openDatabase } from '../open-database.ts';
import { PG_TEST_URL, uniqueSchema } from '../contract/pg-test-url.ts';
import { prepaidContract } from './prepaid-contract.ts';

const schema = uniqueSchema('mf_prepaid');
after(async () => {
  const c = new pg.Client({ connectionString: PG_TEST_URL });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await c.end();
});

prepaidContract('PostgreSQL', () => openDatabase({ url: PG_TEST_URL, schema }));
