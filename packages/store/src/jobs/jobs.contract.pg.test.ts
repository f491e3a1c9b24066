import { after } from 'node:test';
import pg from 'pg';
import { openDatabase } from '../open-database.ts';
import { PG_TEST_URL, uniqueSchema } from '../contract/pg-test-url.ts';
import { jobsContract } from './jobs-contract.ts';

const schema = uniqueSchema('mf_jobs');
after(async () => {
  const c = new pg.Client({ connectionString: PG_TEST_URL });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await c.end();
});

jobsContract('PostgreSQL', () => openDatabase({ url: PG_TEST_URL, schema }));
