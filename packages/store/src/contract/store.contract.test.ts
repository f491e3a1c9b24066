import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { openDatabase } from '../open-database.ts';
import { storeContract } from './store-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'mf-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

storeContract('SQLite', () => openDatabase({ url: `sqlite:${join(dir, 'contract.db')}` }));
