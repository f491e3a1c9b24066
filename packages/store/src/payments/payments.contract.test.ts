import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { openDatabase } from '../open-database.ts';
import { paymentsContract } from './payments-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'mf-payments-'));
after(() => rmSync(dir, { recursive: true, force: true }));

paymentsContract('SQLite', () => openDatabase({ url: `sqlite:${join(dir, 'payments.db')}` }));
