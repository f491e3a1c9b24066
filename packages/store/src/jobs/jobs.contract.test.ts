import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { openDatabase } from '../open-database.ts';
import { jobsContract } from './jobs-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'mf-jobs-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

jobsContract('SQLite', () => openDatabase({ url: `sqlite:${join(dir, 'jobs.db')}` }));
