import { assertNoIssues } from '../errors/error-codes.ts';
import { isNoCutTime, nextCutAllowedAt, type NoCutPolicy } from './no-cut-window.ts';
import { validatePrepaidLines, type PrepaidLines } from './prepaid-lines.ts';

/** Supply as cost control sees it; the `_pending` states wait for the meter to confirm a command. */
export type SupplyState = 'on' | 'trip_pending' | 'off' | 'close_pending';

export type ReminderFrequency = 'on_threshold' | 'daily' | 'weekly';

export type ReminderKind = 'balance_warning' | 'stop_imminent' | 'tripped' | 'restored';

export interface PrepaidControlState {
  supply: SupplyState;
  /** Highest reminder sent since the balance was last above the warning line. */
  warned: 'none' | 'balance_warning' | 'stop_imminent';
  /** UTC ISO instant of the last warning reminder, for daily/weekly frequency. */
  lastReminderAt?: string;
}

export type ControlAction =
  | { type: 'remind'; reminder: ReminderKind }
  | { type: 'issue_command'; command: 'trip' | 'close' }
  | { type: 'trip_deferred'; until: string | null };

export interface ControlInput {
  state: PrepaidControlState;
  availableFen: number;
  lines: PrepaidLines;
  /** Effective warning line in fen (from the customer's settings: amount or days × daily cost). */
  warningFen: number;
  /** Forecast days until the stop line, when known. */
  daysLeft: number | null;
  frequency: ReminderFrequency;
  noCut: NoCutPolicy;
  now: Date;
}

export interface ControlDecision {
  state: PrepaidControlState;
  actions: ControlAction[];
}

export const INITIAL_CONTROL_STATE: PrepaidControlState = Object.freeze({ supply: 'on', warned: 'none' });

const FREQUENCY_MS: Record<ReminderFrequency, number> = {
  on_threshold: Infinity,
  daily: 86_400_000,
  weekly: 7 * 86_400_000,
};

/**
 * Decides what cost control does now for one account: remind, trip (never inside a no-cut window),
 * or close after a payment lifts the balance above the restore line. Pure: the caller persists the
 * returned state and carries out the actions.
 */
export function decidePrepaidControl(input: ControlInput): ControlDecision {
  assertNoIssues(validatePrepaidLines(input.lines), 'prepaid lines');
  const { state, availableFen: bal, lines, now } = input;
  const actions: ControlAction[] = [];
  let next: PrepaidControlState = { ...state };
  if (state.supply === 'off' && bal > lines.restoreFen) {
    actions.push({ type: 'issue_command', command: 'close' });
    return { state: { ...next, supply: 'close_pending', warned: 'none' }, actions };
  }
  if (state.supply !== 'on') return { state: next, actions }; // wait for the command in flight
  if (bal > input.warningFen) return { state: { ...next, warned: 'none' }, actions };
  if (bal <= lines.stopFen) {
    if (!isNoCutTime(now, input.noCut)) {
      actions.push({ type: 'issue_command', command: 'trip' });
      return { state: { ...next, supply: 'trip_pending' }, actions };
    }
    const until = nextCutAllowedAt(now, input.noCut);
    actions.push({ type: 'trip_deferred', until: until ? until.toISOString() : null });
    if (state.warned !== 'stop_imminent') {
      actions.push({ type: 'remind', reminder: 'stop_imminent' });
      next = { ...next, warned: 'stop_imminent', lastReminderAt: now.toISOString() };
    }
    return { state: next, actions };
  }
  const imminent = input.daysLeft !== null && input.daysLeft <= lines.stopImminentDays;
  if (imminent && state.warned !== 'stop_imminent') {
    actions.push({ type: 'remind', reminder: 'stop_imminent' });
    return { state: { ...next, warned: 'stop_imminent', lastReminderAt: now.toISOString() }, actions };
  }
  const last = state.lastReminderAt ? Date.parse(state.lastReminderAt) : -Infinity;
  const repeatDue = now.getTime() - last >= FREQUENCY_MS[input.frequency];
  if (state.warned === 'none' || repeatDue) {
    const reminder = state.warned === 'stop_imminent' ? 'stop_imminent' : 'balance_warning';
    actions.push({ type: 'remind', reminder });
    next = { ...next, warned: reminder, lastReminderAt: now.toISOString() };
  }
  return { state: next, actions };
}

/** Feeds back the final outcome of a trip or close command. */
export function onControlCommandOutcome(
  state: PrepaidControlState,
  command: 'trip' | 'close',
  outcome: 'confirmed' | 'alarm',
): ControlDecision {
  if (command === 'trip' && state.supply === 'trip_pending') {
    if (outcome === 'confirmed')
      return { state: { ...state, supply: 'off' }, actions: [{ type: 'remind', reminder: 'tripped' }] };
    return { state: { ...state, supply: 'on' }, actions: [] }; // staff were alarmed; supply stays on
  }
  if (command === 'close' && state.supply === 'close_pending') {
    if (outcome === 'confirmed')
      return { state: { ...state, supply: 'on' }, actions: [{ type: 'remind', reminder: 'restored' }] };
    return { state: { ...state, supply: 'off' }, actions: [] };
  }
  return { state, actions: [] };
}
