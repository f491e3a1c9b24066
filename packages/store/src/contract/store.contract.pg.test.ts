import { after } from 'node:test';
import pg from 'pg';
import { openDatabase } from '../open-database.ts';
import { storeContract } from './store-contract.ts';
import { PG_TEST_URL, uniqueSchema } from './pg-test-url.ts';

const schema = uniqueSchema('mf_contract');
after(async () => {
  const c = new pg.Client({ connectionString: PG_TEST_URL });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await c.end();
});

storeContract('PostgreSQL', () => openDatabase({ url: PG_TEST_URL, schema }));
