import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AppError, type ErrorCode } from '@meterflow/core';
import { billToJson, compileTariff, quoteBill } from '@meterflow/core/billing/index';

/** Largest tariff or usage file read, so a wrong path to a huge file fails fast. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** Reads and parses a JSON file; unreadable or malformed JSON is reported with `code`. */
function readJson(path: string, code: ErrorCode): unknown {
  let text: string;
  try {
    const buf = readFileSync(path);
    if (buf.length > MAX_FILE_BYTES) throw new Error(`larger than ${MAX_FILE_BYTES} bytes`);
    text = buf.toString('utf8');
  } catch (e) {
    throw new AppError(code, `cannot read ${path}: ${(e as Error).message}`, [{ path, message: (e as Error).message }]);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AppError(code, `${path} is not JSON: ${(e as Error).message}`, [{ path, message: (e as Error).message }]);
  }
}

export function registerTariff(program: Command): void {
  const tariff = program.command('tariff').description('check tariff files and quote bills from them');
  tariff
    .command('validate')
    .description('check a tariff file against its schema and rules; lists every problem at once')
    .argument('<file>', 'tariff JSON file')
    .action((file: string) => {
      const compiled = compileTariff(readJson(file, 'TARIFF_INVALID'));
      const versions = compiled.plans.map((p) => ({
        version: p.version,
        effectiveFrom: p.effectiveFrom,
        rules: p.rules.map((r) => r.kind),
      }));
      console.log(JSON.stringify({ valid: true, id: compiled.id, name: compiled.name, versions }, null, 2));
    });
  tariff
    .command('quote')
    .description('calculate the bill for one period of usage under a tariff; prints lines and totals as JSON')
    .requiredOption('--tariff <file>', 'tariff JSON file')
    .requiredOption('--usage <file>', 'usage JSON file (see docs/tariffs.md)')
    .action((opts: { tariff: string; usage: string }) => {
      const bill = quoteBill(readJson(opts.tariff, 'TARIFF_INVALID'), readJson(opts.usage, 'VALIDATION_FAILED'));
      console.log(JSON.stringify(billToJson(bill), null, 2));
    });
}
