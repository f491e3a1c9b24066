import { assertNoIssues, type Issue } from '../../errors/error-codes.ts';
import shipped from './safe-usage-thresholds.json' with { type: 'json' };

/** Every threshold of safe-usage monitoring, as data; the shipped file holds the defaults. */
export type SafeUsageThresholds = typeof shipped;

type Json = Record<string, unknown>;

/** Overlays an operator's partial thresholds on the shipped ones, refusing unknown keys and non-numbers. */
export function resolveSafeUsageThresholds(overrides: unknown = {}): SafeUsageThresholds {
  const issues: Issue[] = [];
  const merged = overlay(shipped as unknown as Json, (overrides ?? {}) as Json, '', issues);
  assertNoIssues(issues, 'safe-usage thresholds');
  return merged as unknown as SafeUsageThresholds;
}

function overlay(base: Json, over: Json, path: string, issues: Issue[]): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const at = `${path}/${key}`;
    if (!(key in base)) issues.push({ path: at, message: 'unknown setting' });
    else if (typeof base[key] === 'object' && base[key] !== null) {
      if (typeof value !== 'object' || value === null) issues.push({ path: at, message: 'must be an object' });
      else out[key] = overlay(base[key] as Json, value as Json, at, issues);
    } else if (typeof value !== 'number' || !Number.isFinite(value))
      issues.push({ path: at, message: 'must be a finite number' });
    else out[key] = value;
  }
  return out;
}
