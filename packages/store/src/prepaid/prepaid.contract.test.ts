import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { openDatabase } from '../open-database.ts';
import { prepaidContract } from './prepaid-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'mf-prepaid-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

prepaidContract('SQLite', () => openDatabase({ url: `sqlite:${join(dir, 'prepaid.db')}` }));
