import type { Command } from 'commander';
import { isAppError, systemClock } from '@meterflow/core';
import { openDatabase, Store } from '@meterflow/store';
import { buildServices, loadConfig } from '@meterflow/server';

export function registerSettle(program: Command): void {
  program
    .command('settle')
    .description('daily settlement (日结) of every prepaid account for one day, then cost control (reminders, trips)')
    .requiredOption(
      '--date <date>',
      'the local day to settle, YYYY-MM-DD (its 00:00 and the next 00:00 freezes are used)',
    )
    .option('--no-control', 'only settle: queue no reminders and issue no commands')
    .action(async (opts: { date: string; control: boolean }) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.date) || Number.isNaN(Date.parse(`${opts.date}T00:00:00Z`))) {
        console.error(`error --date "${opts.date}" must be a date YYYY-MM-DD`);
        process.exitCode = 1;
        return;
      }
      const config = loadConfig(process.env);
      const handle = await openDatabase({ url: config.databaseUrl });
      try {
        const services = buildServices(config, Store.of(handle), systemClock);
        const out = await services.prepaid.settlement.settle(opts.date);
        const control = opts.control ? await services.prepaid.control.evaluate(out.reachedLines) : null;
        console.log(JSON.stringify({ ...out.run, posted: out.posted, ms: out.ms, control }));
      } catch (e) {
        console.error(
          `error ${isAppError(e) ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e)}`,
        );
        process.exitCode = 1;
      } finally {
        await handle.close();
      }
    });
}
