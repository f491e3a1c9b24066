import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Worker threads of a process run from TypeScript through tsx load every module of their graph
 * through tsx's loader, on a hook thread of their own: for a bill-run worker (some 500 modules)
 * that is about 1.5 s of CPU per worker, paid again by each one. Bundled by esbuild into one plain
 * ES module, a worker starts in a tenth of that.
 *
 * Native addons stay outside the bundle, imported by absolute path so the bundle can live in the
 * temporary directory; the CommonJS packages inside it get a `require` of their own. Bundles are
 * kept in a directory of this user's (mode 700) with a manifest of their inputs: a later process
 * whose inputs have the same sizes and modification times takes the bundle as it is, so only the
 * first run after a change pays for bundling (about 0.25 s).
 */

/** Packages loaded from node_modules as they are (native addons cannot be bundled). */
const KEEP_OUTSIDE = ['better-sqlite3'];

/** Bundles not used for this long are removed when another is written. */
const STALE_MS = 7 * 24 * 3600 * 1000;

/** Where a worker runs from, and why it is not the bundle when it is not. */
export interface WorkerEntry {
  url: URL;
  bundled: boolean;
  /** The bundle an earlier process made from the same inputs. */
  reused?: boolean;
  /** Why bundling failed (the worker then loads through `fallback`). */
  reason?: string;
}

interface Manifest {
  key: string;
  file: string;
  inputs: string[];
}

const entries = new Map<string, Promise<WorkerEntry>>();

/**
 * The worker entry to start: `source` (a TypeScript module) bundled, or `fallback` (an entry that
 * registers tsx itself) when bundling is not possible. Looked up once per process and entry.
 */
export function workerEntry(source: URL, fallback: URL): Promise<WorkerEntry> {
  let entry = entries.get(source.href);
  if (!entry) {
    entry = bundled(fileURLToPath(source)).then(
      ({ file, reused }): WorkerEntry => ({ url: pathToFileURL(file), bundled: true, reused }),
      (e: unknown): WorkerEntry => ({
        url: fallback,
        bundled: false,
        reason: e instanceof Error ? e.message : String(e),
      }),
    );
    entries.set(source.href, entry);
  }
  return entry;
}

/** This user's bundle directory, refused if anyone else could write into it. */
function cacheDirectory(): string {
  const uid = process.getuid?.() ?? 0;
  const dir = join(tmpdir(), `meterflow-workers-${uid}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = statSync(dir);
  if (st.uid !== uid || (st.mode & 0o077) !== 0) throw new Error(`${dir} is not private to this user`);
  return dir;
}

/** What the inputs are now: their paths, sizes and modification times, with the bundler's version. */
function keyOf(version: string, entryPath: string, inputs: readonly string[]): string {
  const h = createHash('sha256').update(`${version}\n${entryPath}\n`);
  for (const p of inputs) {
    const st = statSync(p);
    h.update(`${p}\t${st.size}\t${st.mtimeMs}\n`);
  }
  return h.digest('hex');
}

/** Writes a file whole or not at all (another process may be reading the same name). */
function writeAtomically(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

async function bundled(entryPath: string): Promise<{ file: string; reused: boolean }> {
  const esbuild = await import('esbuild');
  const dir = cacheDirectory();
  const name = `${basename(entryPath).replace(/\.ts$/, '')}-${createHash('sha256').update(entryPath).digest('hex').slice(0, 12)}`;
  const manifestPath = join(dir, `${name}.json`);
  try {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    if (m.key === keyOf(esbuild.version, entryPath, m.inputs) && statSync(m.file).isFile())
      return { file: m.file, reused: true };
  } catch {
    // No manifest yet, an input gone, or a bundle removed: bundle again.
  }
  const started = Date.now();
  const result = await esbuild.build({
    entryPoints: [entryPath],
    absWorkingDir: '/',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    write: false,
    metafile: true,
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
          b.onResolve({ filter: new RegExp(`^(${KEEP_OUTSIDE.join('|')})$`) }, (args) => ({
            path: pathToFileURL(createRequire(join(args.resolveDir, 'x.js')).resolve(args.path)).href,
            external: true,
          }));
        },
      },
    ],
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error(`esbuild wrote nothing for ${entryPath}`);
  const inputs = Object.keys(result.metafile.inputs)
    .map((p) => join('/', p))
    .sort();
  const key = keyOf(esbuild.version, entryPath, inputs);
  const file = join(dir, `${name}-${key.slice(0, 16)}.mjs`);
  writeAtomically(file, out.contents);
  // An input changed while bundling: use this bundle, but do not let a later process take it.
  const changed = inputs.some((p) => statSync(p).mtimeMs >= started);
  if (!changed) writeAtomically(manifestPath, JSON.stringify({ key, file, inputs } satisfies Manifest));
  removeStale(dir, file);
  return { file, reused: false };
}

/** Bundles (and leftovers of interrupted writes) not touched for `STALE_MS`. */
function removeStale(dir: string, keep: string): void {
  const now = Date.now();
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (p === keep) continue;
    try {
      if (now - statSync(p).atimeMs > STALE_MS) rmSync(p, { force: true });
    } catch {
      // Removed by another process meanwhile.
    }
  }
}
