import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Worker threads of a process run from TypeScript through tsx load every module of their graph
 * through tsx's loader, on a hook thread of their own: for a bill-run worker (some 500 modules)
 * that is about 1.5 s of CPU per worker, paid again by each one. Bundled once per process by
 * esbuild (about 0.2 s) into one plain ES module, a worker starts in a tenth of that.
 *
 * Native addons stay outside the bundle, imported by absolute path so the bundle can live in the
 * temporary directory; the CommonJS packages inside it get a `require` of their own.
 */

/** Packages loaded from node_modules as they are (native addons cannot be bundled). */
const KEEP_OUTSIDE = ['better-sqlite3'];

/** Where a worker runs from, and why it is not the bundle when it is not. */
export interface WorkerEntry {
  url: URL;
  bundled: boolean;
  /** Why bundling failed (the worker then loads through `fallback`). */
  reason?: string;
}

const built = new Map<string, Promise<WorkerEntry>>();
let directory: string | undefined;

/**
 * The worker entry to start: `source` (a TypeScript module) bundled, or `fallback` (an entry that
 * registers tsx itself) when bundling is not possible. Bundled once per process and entry; the
 * file is removed when the process exits.
 */
export function workerEntry(source: URL, fallback: URL): Promise<WorkerEntry> {
  let entry = built.get(source.href);
  if (!entry) {
    entry = bundle(source).then(
      (url): WorkerEntry => ({ url, bundled: true }),
      (e: unknown): WorkerEntry => ({
        url: fallback,
        bundled: false,
        reason: e instanceof Error ? e.message : String(e),
      }),
    );
    built.set(source.href, entry);
  }
  return entry;
}

async function bundle(source: URL): Promise<URL> {
  const { build } = await import('esbuild');
  const entryPath = fileURLToPath(source);
  const result = await build({
    entryPoints: [entryPath],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    write: false,
    logLevel: 'silent',
    // Kept readable in stack traces: a worker's error names the function it came from.
    keepNames: true,
    banner: {
      js: `import { createRequire as __workerRequire } from 'node:module'; const require = __workerRequire(import.meta.url);`,
    },
    plugins: [
      {
        name: 'keep-outside',
        setup(b) {
          const filter = new RegExp(
            `^(${KEEP_OUTSIDE.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`,
          );
          b.onResolve({ filter }, (args) => ({
            path: pathToFileURL(createRequire(join(args.resolveDir, 'x.js')).resolve(args.path)).href,
            external: true,
          }));
        },
      },
    ],
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error(`esbuild wrote nothing for ${entryPath}`);
  if (!directory) {
    directory = mkdtempSync(join(tmpdir(), 'meterflow-workers-'));
    const dir = directory;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  const file = join(directory, `${built.size}-${source.pathname.split('/').pop()!.replace(/\.ts$/, '')}.mjs`);
  writeFileSync(file, out.contents);
  return pathToFileURL(file);
}
