/**
 * The tariff file as published: JSON with decimal strings for every price and kWh, so no binary
 * float ever carries a price. Its JSON Schema is in tariff-schema.ts (docs/tariff.schema.json).
 */
export interface Label {
  zh: string;
  en: string;
}

export interface TariffDocument {
  $schema?: string;
  /** Free text; the shipped examples say "example data, not an official price table". */
  notice?: string;
  id: string;
  name: Label;
  customerClass?: string;
  source?: string;
  versions: TariffVersionDocument[];
}

/** One effective-dated version; it is in force from `effectiveFrom` until the next version starts. */
export interface TariffVersionDocument {
  version: number;
  effectiveFrom: string;
  note?: string;
  /** VAT included in every price, percent (check: 13). */
  vatRatePercent: string;
  /** Days in a "month" when a part month is prorated (check: 30). */
  prorationDaysPerMonth: number;
  timeOfUse?: TouScheduleDocument;
  components: ComponentDocument[];
}

export interface TouScheduleDocument {
  periods: { code: string; label: Label }[];
  seasons: TouSeasonDocument[];
}

export interface TouSeasonDocument {
  code: string;
  months: number[];
  dayTypes: { code: string; segments: TouSegmentDocument[] }[];
}

/** A time-of-day range `from` ≤ t < `to` (`HH:MM`, `to` may be `24:00`); never wraps midnight. */
export interface TouSegmentDocument {
  from: string;
  to: string;
  period: string;
}

/** A priced component; `kind` picks the pricing-rule module, the rest is that module's data. */
export interface ComponentDocument {
  kind: string;
  id?: string;
  label?: Label;
  [field: string]: unknown;
}
