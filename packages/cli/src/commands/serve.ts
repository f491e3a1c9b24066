import type { Command } from 'commander';
import { ConfigError, closeOnSignals, loadConfig, startServer } from '@meterflow/server';

/** Shared by `serve` and `demo`: turns flags into config overrides. */
export function serverOverrides(opts: { port?: string; host?: string }) {
  const out: { port?: number; host?: string } = {};
  if (opts.port !== undefined) {
    const port = Number(opts.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new ConfigError([`--port "${opts.port}" must be 0–65535`]);
    out.port = port;
  }
  if (opts.host) out.host = opts.host;
  return out;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'serve the API and web app on the configured database (DATABASE_URL, default sqlite:./data/meterflow.db)',
    )
    .option('-p, --port <port>', 'port to listen on (env PORT, default 8080; 0 picks a free one)')
    .option('--host <host>', 'address to listen on (env HOST, default 127.0.0.1)')
    .action(async (opts: { port?: string; host?: string }) => {
      const config = loadConfig(process.env, serverOverrides(opts));
      const server = await startServer({ config });
      closeOnSignals(server);
      console.log(`MeterFlow is serving at ${server.url}`);
    });
}
