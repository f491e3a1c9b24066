import { assertNoIssues, type Issue } from '../../errors/error-codes.ts';
import shipped from './declared-voltages.json' with { type: 'json' };

/** The declared supply voltage Udin of one voltage level and what its instruments report. */
export interface DeclaredVoltage {
  level: string;
  phaseV: number | null;
  lineV: number | null;
  /** Whether summaries and meters at this level report phase-to-neutral or line-to-line voltages. */
  measured: 'phase' | 'line';
  /** The declared value that reported voltages are compared with (phaseV or lineV, by `measured`). */
  referenceV: number;
  /** Meter voltage channels that carry a voltage (a three-wire meter has no phase b voltage). */
  meterPhases: string[];
  /** True when the level was not in the table and its voltage was read from its name. */
  derived: boolean;
}

export type DeclaredVoltageTable = ReadonlyMap<string, DeclaredVoltage>;

const PHASES = ['a', 'b', 'c'];
/** `0.4kV`, `10 kV`, `0.22KV` all name the same kind of level. */
const normalise = (level: string): string => level.replace(/\s+/g, '').toLowerCase();
const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/** Checks a declared-voltage document (the shipped one or an operator's), reporting every problem. */
export function parseDeclaredVoltages(doc: unknown): DeclaredVoltageTable {
  const issues: Issue[] = [];
  const out = new Map<string, DeclaredVoltage>();
  const levels = (doc as { levels?: unknown })?.levels;
  if (!levels || typeof levels !== 'object')
    assertNoIssues([{ path: '/levels', message: 'missing' }], 'declared voltages');
  for (const [level, raw] of Object.entries(levels as Record<string, Record<string, unknown>>)) {
    const p = `/levels/${level}`;
    const phaseV = raw?.phaseV ?? null;
    const lineV = raw?.lineV ?? null;
    const measured = raw?.measured;
    const meterPhases = raw?.meterPhases ?? PHASES;
    if (phaseV !== null && !positive(phaseV))
      issues.push({ path: `${p}/phaseV`, message: 'a positive number or null' });
    if (lineV !== null && !positive(lineV)) issues.push({ path: `${p}/lineV`, message: 'a positive number or null' });
    if (measured !== 'phase' && measured !== 'line') issues.push({ path: `${p}/measured`, message: 'phase or line' });
    else if ((measured === 'phase' ? phaseV : lineV) === null)
      issues.push({ path: `${p}/${measured}V`, message: `needed when measured is ${measured}` });
    if (!Array.isArray(meterPhases) || meterPhases.length === 0 || meterPhases.some((x) => !PHASES.includes(x)))
      issues.push({ path: `${p}/meterPhases`, message: 'some of a, b, c' });
    out.set(normalise(level), {
      level,
      phaseV: phaseV as number | null,
      lineV: lineV as number | null,
      measured: measured as 'phase' | 'line',
      referenceV: (measured === 'line' ? lineV : phaseV) as number,
      meterPhases: meterPhases as string[],
      derived: false,
    });
  }
  assertNoIssues(issues, 'declared voltages');
  return out;
}

/** The shipped table (declared-voltages.json). */
export const DECLARED_VOLTAGES: DeclaredVoltageTable = parseDeclaredVoltages(shipped);

const KV = /^(\d+(?:\.\d+)?)kv$/;
/** Below this a level is low-voltage four-wire supply, declared by its phase voltage. */
const LOW_VOLTAGE_MAX_KV = 1;

/**
 * The declared voltage of an account's voltage level. A level missing from the table is read from
 * its name (below 1 kV: four-wire, phase = line / √3; else three-wire line voltage); null if unreadable.
 */
export function declaredVoltageFor(
  level: string,
  table: DeclaredVoltageTable = DECLARED_VOLTAGES,
): DeclaredVoltage | null {
  const key = normalise(level);
  const known = table.get(key);
  if (known) return known;
  const m = KV.exec(key);
  if (!m || !(Number(m[1]) > 0)) return null;
  const lineV = Number(m[1]) * 1000;
  const low = Number(m[1]) < LOW_VOLTAGE_MAX_KV;
  const phaseV = Math.round(lineV / Math.sqrt(3));
  return {
    level,
    phaseV: low ? phaseV : null,
    lineV,
    measured: low ? 'phase' : 'line',
    referenceV: low ? phaseV : lineV,
    meterPhases: low ? PHASES : ['a', 'c'],
    derived: true,
  };
}
