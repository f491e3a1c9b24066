import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { openDatabase } from '../open-database.ts';
import { billingContract } from './billing-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'mf-billing-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

billingContract('SQLite', () => openDatabase({ url: `sqlite:${join(dir, 'billing.db')}` }));
