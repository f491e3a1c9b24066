import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { openDatabase } from '../open-database.ts';
import { monitoringContract } from './monitoring-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'mf-monitoring-'));
after(() => rmSync(dir, { recursive: true, force: true }));

monitoringContract('SQLite', () => openDatabase({ url: `sqlite:${join(dir, 'monitoring.db')}` }));
