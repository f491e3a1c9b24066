import type { Command } from 'commander';
import { systemClock } from '@meterflow/core';
import { MessageProviderSimulator } from '@meterflow/simulator/message-provider/message-provider-simulator';

export function registerMessageProvider(program: Command): void {
  program
    .command('message-provider')
    .description('run the SMS and voice-call provider simulator (records messages, posts delivery receipts)')
    .option('-p, --port <port>', 'port to listen on (0 picks a free one)', '8091')
    .option('--callback <url>', "default receipt URL (the server's /api/notifications/receipts)")
    .option('--receipt-delay-ms <ms>', 'delay before a delivery receipt is posted', '200')
    .action(async (opts: { port: string; callback?: string; receiptDelayMs: string }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port "${opts.port}" must be 0–65535`);
      const delay = Number(opts.receiptDelayMs);
      if (!Number.isInteger(delay) || delay < 0 || delay > 600_000)
        throw new Error(`--receipt-delay-ms "${opts.receiptDelayMs}" must be 0–600000`);
      const sim = new MessageProviderSimulator({
        clock: systemClock,
        callbackUrl: opts.callback,
        receiptDelayMs: delay,
      });
      const url = await sim.start(port);
      console.log(JSON.stringify({ name: 'message-provider', url }));
      const stop = () => void sim.stop().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
