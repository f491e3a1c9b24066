import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { AppError, ManualClock, systemClock, type Clock } from '@meterflow/core';
import { openDatabase, Store } from '@meterflow/store';
import { loadConfig } from '@meterflow/server';
import { AccessPolicy } from '@meterflow/server/auth/access-policy';
import { AlarmsService } from '@meterflow/server/alarms/alarms.service';
import { loadAlarmSettings } from '@meterflow/server/alarms/alarm-settings';

interface SweepOptions {
  dataDir?: string;
  databaseUrl?: string;
  alarmsData?: string;
  at?: string;
}

/** The database a command works on: --database-url, else --data-dir (demo.db or meterflow.db), else DATABASE_URL. */
function databaseUrlOf(opts: SweepOptions): string {
  if (opts.databaseUrl) return opts.databaseUrl;
  if (opts.dataDir) {
    const dir = resolve(opts.dataDir);
    const demo = join(dir, 'demo.db');
    return `sqlite:${existsSync(demo) ? demo : join(dir, 'meterflow.db')}`;
  }
  return loadConfig(process.env).databaseUrl;
}

export function registerAlarms(program: Command): void {
  const alarms = program.command('alarms').description('the intelligent alarm system');
  alarms
    .command('sweep')
    .description('evaluate every alarm rule once and print what was raised, updated and resolved (JSON)')
    .option('--data-dir <dir>', 'folder of the embedded database (demo.db or meterflow.db)')
    .option('--database-url <url>', 'sqlite:PATH or postgres://… (default: env DATABASE_URL)')
    .option('--alarms-data <dir>', 'folder of alarm rule, limit, calendar and work-policy files')
    .option('--at <instant>', 'sweep as of this ISO instant instead of now')
    .action(async (opts: SweepOptions) => {
      let clock: Clock = systemClock;
      if (opts.at) {
        if (Number.isNaN(Date.parse(opts.at)))
          throw new AppError('VALIDATION_FAILED', `--at "${opts.at}" is not an ISO instant`);
        clock = new ManualClock(opts.at);
      }
      const settings = loadAlarmSettings(opts.alarmsData);
      const handle = await openDatabase({ url: databaseUrlOf(opts) });
      try {
        const store = Store.of(handle);
        const service = new AlarmsService(store, new AccessPolicy(store), clock, settings);
        console.log(JSON.stringify(await service.sweep(), null, 2));
      } finally {
        await handle.close();
      }
    });
}
