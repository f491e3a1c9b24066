import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { openDatabase } from '../open-database.ts';
import { meteringContract } from './metering-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'mf-metering-'));
after(() => rmSync(dir, { recursive: true, force: true }));

meteringContract('SQLite', () => openDatabase({ url: `sqlite:${join(dir, 'metering.db')}` }));
