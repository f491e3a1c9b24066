/**
 * A payment program is a generator that yields storage steps (`yield* step('sumAccount', a)`), so
 * the rules are written once and run either synchronously inside one SQLite transaction (group
 * commit) or asynchronously through Kysely on PostgreSQL.
 */
import type { AsyncLedgerOps, LedgerOps } from './ledger-ops.ts';

export interface StepCall {
  name: keyof LedgerOps;
  args: unknown[];
}

export type Program<T> = Generator<StepCall, T, unknown>;

/** One storage step; its result is what the driver passes back. */
export function* step<K extends keyof LedgerOps>(
  name: K,
  ...args: Parameters<LedgerOps[K]>
): Generator<StepCall, ReturnType<LedgerOps[K]>, unknown> {
  return (yield { name, args }) as ReturnType<LedgerOps[K]>;
}

/** Runs a program against synchronous steps. */
export function runSync<T>(program: Program<T>, ops: LedgerOps): T {
  let r = program.next();
  while (!r.done) {
    const call = r.value;
    let value: unknown;
    try {
      value = (ops[call.name] as (...a: unknown[]) => unknown)(...call.args);
    } catch (e) {
      r = program.throw(e);
      continue;
    }
    r = program.next(value);
  }
  return r.value;
}

/** Runs a program against asynchronous steps. */
export async function runAsync<T>(program: Program<T>, ops: AsyncLedgerOps): Promise<T> {
  let r = program.next();
  while (!r.done) {
    const call = r.value;
    let value: unknown;
    try {
      value = await (ops[call.name] as (...a: unknown[]) => Promise<unknown>)(...call.args);
    } catch (e) {
      r = program.throw(e);
      continue;
    }
    r = program.next(value);
  }
  return r.value;
}
