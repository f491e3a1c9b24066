import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { openDatabase } from '../open-database.ts';
import { alarmsContract } from './alarms-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'mf-alarms-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

alarmsContract('SQLite', () => openDatabase({ url: `sqlite:${join(dir, 'alarms.db')}` }));
