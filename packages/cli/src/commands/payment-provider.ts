import type { Command } from 'commander';
import { startPaymentProvider } from '@meterflow/simulator/payment-provider/payment-provider-server';

/** The demo's shared secret with its simulated provider (override with MF_PAYMENT_SECRET). */
const DEMO_PAYMENT_SECRET = 'meterflow-demo-secret';

export function registerPaymentProvider(program: Command): void {
  program
    .command('payment-provider')
    .description('run the online payment provider simulator (create order, confirm page, signed callbacks, statements)')
    .option('-p, --port <port>', 'port to listen on (0 picks a free one)', '8090')
    .option(
      '--callback <url>',
      "default callback URL for orders registered without one (the server's /api/payments/callback)",
    )
    .option('--secret <secret>', 'shared HMAC secret (env MF_PAYMENT_SECRET)')
    .action(async (opts: { port: string; callback?: string; secret?: string }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port "${opts.port}" must be 0–65535`);
      const secret = opts.secret ?? process.env.MF_PAYMENT_SECRET;
      if (!secret || secret.length < 16)
        throw new Error('--secret (or MF_PAYMENT_SECRET) of at least 16 characters is required');
      const provider = await startPaymentProvider({ port, secret, callbackUrl: opts.callback });
      console.log(JSON.stringify({ url: provider.url }));
      const stop = () => void provider.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

/**
 * Starts the simulator inside the demo process on a free port, unless a real provider is configured,
 * and points the server's configuration at it (through the environment the config is read from).
 */
export async function startDemoPaymentProvider(env: NodeJS.ProcessEnv): Promise<void> {
  if (env.MF_PAYMENT_PROVIDER_URL) return;
  env.MF_PAYMENT_SECRET ??= DEMO_PAYMENT_SECRET;
  const provider = await startPaymentProvider({ port: 0, secret: env.MF_PAYMENT_SECRET });
  env.MF_PAYMENT_PROVIDER_URL = provider.url;
  console.log(`payment provider simulator at ${provider.url}`);
}
