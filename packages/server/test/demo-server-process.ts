/** Spawns the real `meterflow demo` server as a child process on a file database, for crash tests and benches. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

const BIN = new URL('../../cli/bin/meterflow.js', import.meta.url).pathname;
const START_TIMEOUT_MS = 60_000;

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  login(username: string): Promise<string>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function startDemoServer(
  dataDir: string,
  env: Record<string, string> = {},
  nodeArgs: readonly string[] = [],
): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [...nodeArgs, BIN, 'demo', '--port', '0', '--data-dir', dataDir, '--customers-per-county', '10'],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    },
  );
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('demo server did not start')), START_TIMEOUT_MS);
    lines.on('line', (l) => {
      const m = /ready at (http:\/\/\S+?)\/?(\s|$)/.exec(l);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`demo server exited with ${code}`)));
  });
  return {
    url,
    child,
    async login(username) {
      const res = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'demo2026' }),
      });
      const cookie = res.headers.get('set-cookie') ?? '';
      await res.text();
      return cookie.split(';')[0];
    },
    kill(signal = 'SIGKILL') {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      });
    },
  };
}
