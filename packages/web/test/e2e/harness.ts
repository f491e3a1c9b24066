// Starts the real demo server (fresh data directory, free port) and a fresh headless Chromium for
// one test file. The browser is the system's /usr/bin/chromium; nothing is ever downloaded.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
// MF_E2E_CLI points the tests at another build of the `meterflow` command (for debugging).
const CLI = process.env.MF_E2E_CLI ?? join(ROOT, 'packages', 'cli', 'bin', 'meterflow.js');
const CHROMIUM = process.env.MF_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Seeding the demo city (thousands of customers) on a busy 2-core machine can take a while. */
const SERVER_START_TIMEOUT_MS = 180_000;
const SERVER_STOP_TIMEOUT_MS = 10_000;
/** Longest wait for one element or navigation; generous because other engineers share the CPU. */
const ACTION_TIMEOUT_MS = 20_000;
const STDERR_KEEP_CHARS = 4_000;
export const DEMO_PASSWORD = 'demo2026';
export const DESKTOP = { width: 1280, height: 860 };
export const PHONE = { width: 390, height: 844 };
export const SCREENSHOT_DIR = join(ROOT, 'docs', 'screenshots');

export interface Harness {
  baseUrl: string;
  context: BrowserContext;
  /** A new page on the app's login screen with no session and no stored language. */
  freshPage(): Promise<Page>;
  /** Calls the JSON API directly as a demo user (to read what the page should show). */
  apiAs(username: string): Promise<<T>(path: string) => Promise<T>>;
  close(): Promise<void>;
}

interface Server {
  baseUrl: string;
  child: ChildProcess;
}

function startServer(dataDir: string): Promise<Server> {
  const child = spawn(process.execPath, [CLI, 'demo', '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'test' },
  });
  let stdout = '';
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`demo server not ready after ${SERVER_START_TIMEOUT_MS} ms; stderr: ${stderr}`));
    }, SERVER_START_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve({ baseUrl: `http://127.0.0.1:${m[1]}/`, child });
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_KEEP_CHARS);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`demo server exited (${code ?? signal}) before it was ready; stderr: ${stderr}`));
    });
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), SERVER_STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/** Logs a demo user in over HTTP and returns a GET helper carrying the session cookie. */
async function apiSession(baseUrl: string, username: string): Promise<<T>(path: string) => Promise<T>> {
  const res = await fetch(new URL('/api/auth/login', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`API login as ${username} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return async <T>(path: string): Promise<T> => {
    const r = await fetch(new URL(path, baseUrl), { headers: { cookie, accept: 'application/json' } });
    if (!r.ok) throw new Error(`GET ${path} as ${username}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
}

/** Starts server and browser; call once per test file (in `before`) and close in `after`. */
export async function startHarness(): Promise<Harness> {
  const tmp = await mkdtemp(join(tmpdir(), 'meterflow-e2e-'));
  const dataDir = join(tmp, 'data');
  const profileDir = join(tmp, 'chromium');
  await mkdir(dataDir);
  const server = await startServer(dataDir);
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: DESKTOP,
      locale: 'zh-CN',
    });
  } catch (e) {
    await stopServer(server.child);
    throw e;
  }
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  return {
    baseUrl: server.baseUrl,
    context,
    async freshPage() {
      await context.clearCookies();
      for (const p of context.pages()) await p.close();
      const page = await context.newPage();
      await page.setViewportSize(DESKTOP);
      await page.goto(server.baseUrl);
      await page.evaluate(() => window.localStorage.clear());
      await page.goto(server.baseUrl);
      await page.getByTestId('login-page').waitFor();
      return page;
    },
    apiAs: (username) => apiSession(server.baseUrl, username),
    async close() {
      await context.close().catch(() => undefined);
      await stopServer(server.child);
      await rm(tmp, { recursive: true, force: true });
    },
  };
}
