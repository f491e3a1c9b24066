import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

type Tree = { [key: string]: string | Tree };
const dir = import.meta.dirname;
const load = (name: string): Tree => JSON.parse(readFileSync(join(dir, name), 'utf8')) as Tree;
/** The shell's file plus every features/<feature>.<lang>.json mounted under <feature>, as the app does. */
function loadLanguage(lang: 'zh-CN' | 'en'): Tree {
  const tree = load(`${lang}.json`);
  for (const f of readdirSync(join(dir, 'features'))) {
    const m = /^([a-z0-9-]+)\.(zh-CN|en)\.json$/.exec(f);
    if (m && m[2] === lang) tree[m[1]] = load(join('features', f));
  }
  return tree;
}
const zh = loadLanguage('zh-CN');
const en = loadLanguage('en');

/** Flattens nested resources into 'a.b.c' → value. */
function flatten(tree: Tree, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object') for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
    else out.set(key, v);
  }
  return out;
}

const zhKeys = flatten(zh);
const enKeys = flatten(en);

test('zh-CN and en have exactly the same keys', () => {
  const onlyZh = [...zhKeys.keys()].filter((k) => !enKeys.has(k));
  const onlyEn = [...enKeys.keys()].filter((k) => !zhKeys.has(k));
  assert.deepEqual({ onlyZh, onlyEn }, { onlyZh: [], onlyEn: [] });
  assert.ok(zhKeys.size > 50, `expected a full resource file, got ${zhKeys.size} keys`);
});

test('no value is empty or not a string', () => {
  for (const [lang, keys] of [
    ['zh-CN', zhKeys],
    ['en', enKeys],
  ] as const) {
    const bad = [...keys].filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k);
    assert.deepEqual(bad, [], `${lang} has empty values`);
  }
});

test('the same interpolation variables appear in both languages', () => {
  const vars = (s: unknown) => [...String(s).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
  const differ = [...zhKeys.keys()].filter((k) => vars(zhKeys.get(k)).join() !== vars(enKeys.get(k)).join());
  assert.deepEqual(differ, []);
});

test('English resources contain no Chinese characters', () => {
  const chinese = [...enKeys].filter(([, v]) => /[\u4e00-\u9fff]/.test(String(v))).map(([k]) => k);
  assert.deepEqual(chinese, []);
});

function sourceFiles(d: string): string[] {
  return readdirSync(d).flatMap((name) => {
    const p = join(d, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [p] : [];
  });
}

test('every literal key used in the source exists in the resources', () => {
  const used = new Set<string>();
  for (const file of sourceFiles(join(dir, '..'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bt\('([\w.]+)'/g)) used.add(m[1]);
  }
  assert.ok(used.size > 50, `expected to find the UI's keys, found ${used.size}`);
  assert.deepEqual(
    [...used].filter((k) => !zhKeys.has(k)),
    [],
  );
});

test('every value of an enumerated field has a label', () => {
  const enums: Record<string, string[]> = {
    roles: ['customer', 'group_admin', 'clerk', 'auditor', 'dispatcher', 'admin'],
    paymentMode: ['postpaid', 'prepaid'],
    customerClass: ['residential', 'commercial', 'industrial', 'large_industrial', 'agricultural'],
    customerType: ['residential', 'non_residential', 'group'],
    accountStatus: ['active', 'closed'],
    orgLevel: ['province', 'city', 'county'],
    matchedBy: ['name', 'accountNo', 'meterAddress'],
    errors: ['INVALID_CREDENTIALS', 'RATE_LIMITED', 'VALIDATION_FAILED', 'UNAUTHENTICATED', 'NOT_FOUND', 'UNKNOWN'],
  };
  const missing = Object.entries(enums).flatMap(([prefix, values]) =>
    values.map((v) => `${prefix}.${v}`).filter((k) => !zhKeys.has(k)),
  );
  assert.deepEqual(missing, []);
});
