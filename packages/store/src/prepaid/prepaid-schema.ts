/**
 * Tables of prepaid cost control (费控), created by migration 0008-notifications beside the
 * notification tables. Money in fen, energy in Wh, instants ISO-8601 UTC, dates YYYY-MM-DD.
 */

/**
 * Cost-control state of one prepaid account. `available_fen` is a projection of the ledger
 * (wallet − open receivables) as of ledger entry `balance_seq` less deductions posted since by
 * settlement runs; it is recomputed from the ledger whenever other entries touched the account.
 */
export interface PrepaidAccountTable {
  account_id: string;
  /** Dense row number, so a settlement run can address accounts by index in typed arrays. */
  row_no: number;
  meter_id: string;
  meter_address: string;
  tariff_code: string;
  multiplier: number;
  /** How many TOU registers the tariff prices (1 = total register only). */
  periods: number;
  warning_fen: number;
  stop_fen: number;
  restore_fen: number;
  stop_imminent_days: number;
  credit_allowance_fen: number;
  supply: string;
  warned: string;
  last_reminder_at: string | null;
  available_fen: number;
  balance_seq: number;
  /** Month (`YYYY-MM`) of the billing cycle the energy below belongs to. */
  cycle_month: string;
  cycle_wh: number;
  last_settled_date: string | null;
  last_charge_fen: number;
  trip_deferred_until: string | null;
  updated_at: string;
}

/** One settlement run of a day (日结), with what it did. */
export interface PrepaidSettlementRunTable {
  id: string;
  day: string;
  started_at: string;
  finished_at: string | null;
  status: string;
  accounts: number;
  settled: number;
  invalid: number;
  charged_fen: number;
  at_warning: number;
  at_stop: number;
  /** Highest ledger entry when the run started: later entries (payments) refresh balances next run. */
  ledger_seq: number;
}

/** A remote trip or close (DL/T 645 control code 1C) and where it stands (core `RemoteCommand`). */
export interface PrepaidCommandTable {
  id: string;
  account_id: string;
  meter_id: string;
  meter_address: string;
  action: string;
  status: string;
  attempts: number;
  last_sent_at: string | null;
  next_retry_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Every status change of a command, with the meter's answer (append-only). */
export interface PrepaidCommandEventTable {
  command_id: string;
  seq: number;
  status: string;
  at: string;
  note: string | null;
}

/**
 * A daily deduction (日结扣费) as a ledger batch item (migration 0010): the lines Dr
 * `wallet/A` +amount, Cr `prepaid_estimates/A` −amount of entry `batch_seq` (kind
 * `prepaid_deduction_batch`), for the account at `prepaid_accounts.row_no = account_row`.
 * A row with amount 0 records a settled day without charge. Append-only.
 */
export interface PrepaidDeductionTable {
  account_row: number;
  day: string;
  amount_fen: number;
  /** The day's energy after the multiplier (all periods). */
  day_wh: number;
  batch_seq: number;
}

export interface PrepaidTables {
  prepaid_accounts: PrepaidAccountTable;
  prepaid_settlement_runs: PrepaidSettlementRunTable;
  prepaid_commands: PrepaidCommandTable;
  prepaid_command_events: PrepaidCommandEventTable;
  prepaid_deductions: PrepaidDeductionTable;
}
