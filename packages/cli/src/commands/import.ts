import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { addDays, systemClock } from '@meterflow/core';
import { resolveVeeConfig } from '@meterflow/core/metering/vee/vee-config';
import { importUciHousehold } from '@meterflow/protocols';
import { openDatabase, Store } from '@meterflow/store';
import { IngestService } from '@meterflow/server/metering/ingest.service';
import { VeeService } from '@meterflow/server/metering/vee.service';

const DEFAULT_DB = 'sqlite:./data/meterflow.db';
const METER_ID = /^[0-9A-Za-z_-]{1,32}$/;

interface DbOpts {
  database?: string;
  zone: string;
}

async function withServices<T>(
  opts: DbOpts,
  work: (s: { ingest: IngestService; vee: VeeService }) => Promise<T>,
): Promise<T> {
  const handle = await openDatabase({ url: opts.database ?? process.env.DATABASE_URL ?? DEFAULT_DB });
  try {
    const store = Store.of(handle);
    return await work({
      ingest: new IngestService(store, systemClock, opts.zone),
      vee: new VeeService(store, systemClock, opts.zone, resolveVeeConfig()),
    });
  } finally {
    await handle.close();
  }
}

export function registerImport(program: Command): void {
  const cmd = program
    .command('import')
    .description('import metering data into the database (DATABASE_URL or --database)');
  cmd
    .command('uci <file>')
    .description('the UCI household power file (minute kW) as 15-minute Wh blocks and daily freezes, then VEE')
    .requiredOption('--meter <id>', 'meter id (address) to store the data under')
    .option('--database <url>', 'sqlite:PATH or postgres://… (default DATABASE_URL or sqlite:./data/meterflow.db)')
    .option('--register-start <wh>', 'register reading before the first minute, Wh', '0')
    .option('--zone <zone>', 'zone of the file’s wall-clock times', 'Europe/Paris')
    .action(async (file: string, opts: DbOpts & { meter: string; registerStart: string }) => {
      if (!METER_ID.test(opts.meter)) throw new Error(`--meter "${opts.meter}" must be 1–32 of [0-9A-Za-z_-]`);
      const start = Number(opts.registerStart);
      if (!Number.isSafeInteger(start) || start < 0)
        throw new Error('--register-start must be a whole number of Wh ≥ 0');
      const text = readFileSync(file, 'utf8');
      const r = importUciHousehold(text, { meterId: opts.meter, registerStartWh: start, zone: opts.zone });
      const out = await withServices(opts, async ({ ingest, vee }) => {
        const stored = await ingest.storeBlocks(r.blocks, `uci:${basename(file)}`);
        const freezes = r.registers.flatMap((d) => [
          { date: d.date, wh: Math.round(d.startWh) },
          { date: addDays(d.date, 1), wh: Math.round(d.endWh) },
        ]);
        const unique = [...new Map(freezes.map((f) => [f.date, f])).values()];
        const reads = await ingest.ingestMessage(opts.meter, { freezes: unique }, 'meter', 'uci');
        const veeRun = await vee.runAll();
        return { stored, freezes: reads.freezes, vee: veeRun };
      });
      console.log(
        JSON.stringify({
          meterId: opts.meter,
          days: r.blocks.length,
          firstDate: r.blocks[0]?.date ?? null,
          lastDate: r.blocks.at(-1)?.date ?? null,
          minutesRead: r.minutesRead,
          minutesMissing: r.minutesMissing,
          lineErrors: r.errors.length,
          firstErrors: r.errors.slice(0, 5),
          ...out,
        }),
      );
    });
  cmd
    .command('csv <file>')
    .description('interval CSV v1: stores accepted rows, lists every bad row, keeps rejected rows for correction')
    .option('--database <url>', 'sqlite:PATH or postgres://…')
    .option('--zone <zone>', 'service zone', 'Asia/Shanghai')
    .option('--vee', 'run VEE over the imported days afterwards')
    .action(async (file: string, opts: DbOpts & { vee?: boolean }) => {
      const bytes = readFileSync(file);
      const out = await withServices(opts, async ({ ingest, vee }) => {
        const report = await ingest.importCsv(bytes, basename(file), null);
        return { ...report, ...(opts.vee ? { vee: await vee.runAll() } : {}) };
      });
      console.log(JSON.stringify(out));
      if (out.rowsRejected > 0) process.exitCode = 3;
    });
}
