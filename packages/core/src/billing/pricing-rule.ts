import type { Issue } from '../errors/error-codes.ts';
import type { BillLines } from './bill-lines.ts';
import type { BasicChargeMethod, BillingDeterminants } from './determinants.ts';
import type { ComponentDocument, TariffVersionDocument } from './tariff-document.ts';

/**
 * What a rule sees for one bill segment (the part of the period under one tariff version).
 * Energy here is already multiplied and split by days; monthly quantities scale by monthNum/monthDen.
 */
export interface RuleContext {
  tariffVersion: number;
  activeWh: number;
  touWh: Readonly<Record<string, number>> | undefined;
  /** Whole-period active and reactive energy: the power factor is a property of the month. */
  periodActiveWh: number;
  periodReactiveVarh: number;
  maxDemandW: number;
  capacityVa: number;
  contractDemandW: number;
  basicChargeMethod: BasicChargeMethod | undefined;
  powerFactorStandard: number | undefined;
  /** Energy of the annual cycle before this segment. */
  cycleToDateWh: number;
  /** Scale of monthly limits, monthly charges and monthly free kWh for this segment. */
  monthNum: number;
  monthDen: number;
  periodFromDay: number;
  periodToDay: number;
  moveInDay: number | undefined;
  moveOutDay: number | undefined;
  minimumIncome: boolean;
  /** Lines of the bill so far; this segment's start at `segmentStart`. */
  lines: BillLines;
  segmentStart: number;
  /** Set by the power-factor rule so the bill can show it. */
  powerFactorHundredths?: number;
}

/** Order in which rules run inside a segment: later phases may read earlier lines. */
export const RULE_PHASE = { energy: 0, basic: 1, funds: 2, adjustment: 3, credit: 4 } as const;
export type RulePhase = (typeof RULE_PHASE)[keyof typeof RULE_PHASE];

/** A compiled pricing rule: built once per tariff version, applied to many bills. */
export interface PricingRule {
  readonly kind: string;
  readonly phase: RulePhase;
  /** Appends this rule's lines for the segment to `out` (columns: no object per line in bulk). */
  compute(ctx: RuleContext, out: BillLines): void;
  /** Problems with determinants this rule needs (checked at the boundary, not per bill in bulk). */
  checkDeterminants?(d: BillingDeterminants): Issue[];
}

/** Where a semantic check runs: the version around the component and the component's path. */
export interface CheckContext {
  version: TariffVersionDocument;
  path: string;
}

/** One pricing rule: its JSON Schema, its semantic checks and its compiler. Chosen by `kind`. */
export interface PricingRuleModule {
  readonly kind: string;
  /** JSON Schema (draft-07) of the component, with `kind` as a const. */
  readonly schema: Record<string, unknown>;
  /** Problems the schema cannot express; empty when the component is sound. */
  check(component: ComponentDocument, ctx: CheckContext): Issue[];
  create(component: ComponentDocument, version: TariffVersionDocument): PricingRule;
}
