import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { openDatabase } from '../open-database.ts';
import { notificationsContract } from './notifications-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'mf-notifications-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

notificationsContract('SQLite', () => openDatabase({ url: `sqlite:${join(dir, 'notifications.db')}` }));
