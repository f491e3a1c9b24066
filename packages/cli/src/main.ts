import { Command, CommanderError } from 'commander';
import { isAppError } from '@meterflow/core';
import { commands } from './commands/index.ts';

/** Builds the `meterflow` program; each command lives in its own module under ./commands. */
export function buildProgram(): Command {
  const program = new Command('meterflow')
    .description('MeterFlow: smart meter reading, billing, payments, monitoring and alarms')
    .version('0.1.0')
    .showHelpAfterError('(add --help for usage)');
  for (const register of commands) register(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode;
      return;
    }
    if (isAppError(e)) {
      console.error(`error ${e.code}: ${e.message}`);
      for (const d of e.details.slice(0, 50)) console.error(`  ${d.path}: ${d.message}`);
      process.exitCode = 1;
      return;
    }
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exitCode = 1;
  }
}
