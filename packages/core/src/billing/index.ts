// The billing context's public surface: tariffs as data, compiled plans, bill calculation.
export type { Bill, BillLine, LineCategory, QuantityUnit, PriceUnit } from './bill.ts';
export type { BillingDeterminants, BasicChargeMethod } from './determinants.ts';
export type {
  TariffDocument,
  TariffVersionDocument,
  ComponentDocument,
  TouScheduleDocument,
  Label,
} from './tariff-document.ts';
export type { PricingRule, PricingRuleModule, RuleContext, CheckContext } from './pricing-rule.ts';
export type { CompiledTariff, PricingPlan } from './pricing-plan.ts';
export { TARIFF_SCHEMA, buildTariffSchema } from './tariff-schema.ts';
export { USAGE_SCHEMA, parseUsage } from './usage-document.ts';
export { validateTariff, assertValidTariff } from './validate-tariff.ts';
export { compileTariff, compileValidatedTariff } from './pricing-plan.ts';
export { calculateBill, BillCalculator } from './calculate-bill.ts';
export { BillLines, type LineKind } from './bill-lines.ts';
export { checkDeterminants } from './check-determinants.ts';
export { quoteBill } from './quote-bill.ts';
export { billToJson } from './bill-json.ts';
export { RuleRegistry, defaultRuleRegistry } from './rule-registry.ts';
export { splitIntoTiers } from './tiers.ts';
export { powerFactorHundredths, pfAdjustmentBp } from './power-factor.ts';
export { compileTouSchedule, touPeriodAt } from './tou-schedule.ts';
export { touUsageFromBlocks, DEMAND_WINDOW_MINUTES } from './tou-usage-from-blocks.ts';
export type { TouUsage, DayOfIntervals } from './tou-usage-from-blocks.ts';
export { encodeLines, decodeLines, LineTextWriter } from './bill-line-codec.ts';
export type { LineMeta, LineMetaBook } from './bill-line-codec.ts';
export * from './audit/index.ts';
