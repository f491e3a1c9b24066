/**
 * Billing determinants of one account for one period, already validated and in integer units.
 * Energy and demand are register differences; `multiplier` (综合倍率) is applied by the calculation.
 */
export interface BillingDeterminants {
  accountId?: string;
  /** First day of the period, `YYYY-MM-DD`, inclusive. */
  periodFrom: string;
  /** Day after the period, `YYYY-MM-DD`, exclusive (a reading-day to reading-day month). */
  periodTo: string;
  /** Active energy over all periods; when omitted, the sum of `touWh`. */
  activeWh?: number;
  /** Active energy per time-of-use period code. */
  touWh?: Readonly<Record<string, number>>;
  reactiveVarh?: number;
  /** Largest 15-minute average active power in the period. */
  maxDemandW?: number;
  capacityVa?: number;
  contractDemandW?: number;
  basicChargeMethod?: BasicChargeMethod;
  /** Power-factor standard in hundredths (90 = 0.90); the tariff's default when omitted. */
  powerFactorStandard?: number;
  /** Energy already billed in the current annual tier cycle before this period. */
  cycleToDateWh?: number;
  /** First day of service (move-in, connection), inclusive. */
  moveInDate?: string;
  /** Last day of service (move-out, termination, closing), inclusive. */
  moveOutDate?: string;
  estimated?: boolean;
  /** CT ratio × PT ratio, a positive integer; 1 when omitted. */
  multiplier?: number;
  /** Household on minimum-income support (低保户), entitled to free kWh. */
  minimumIncome?: boolean;
}

export type BasicChargeMethod = 'capacity' | 'contractDemand' | 'maxDemand';
export const BASIC_CHARGE_METHODS: readonly BasicChargeMethod[] = ['capacity', 'contractDemand', 'maxDemand'];
