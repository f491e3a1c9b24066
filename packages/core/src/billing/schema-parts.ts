/** JSON Schema pieces shared by the tariff schema and the rule modules' component schemas. */
export const PRICE_SCHEMA = {
  type: 'string',
  pattern: '^-?\\d{1,6}(\\.\\d{1,6})?$',
  description: 'yuan per unit, up to 6 decimals (exact micro-yuan)',
} as const;

export const KWH_SCHEMA = {
  type: 'string',
  pattern: '^\\d{1,12}(\\.\\d{1,3})?$',
  description: 'kWh, up to 3 decimals (exact Wh)',
} as const;

export const PERCENT_SCHEMA = {
  type: 'string',
  pattern: '^-?\\d{1,3}(\\.\\d{1,2})?$',
  description: 'percent, up to 2 decimals (exact basis points)',
} as const;

export const HUNDREDTHS_SCHEMA = {
  type: 'string',
  pattern: '^[01]\\.\\d{2}$',
  description: 'a ratio such as a power factor, exactly 2 decimals',
} as const;

export const CODE_SCHEMA = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]{0,39}$' } as const;

export const LABEL_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['zh', 'en'],
  properties: { zh: { type: 'string', minLength: 1 }, en: { type: 'string', minLength: 1 } },
} as const;

/** Properties every component has besides its own. */
export const COMPONENT_COMMON = { id: CODE_SCHEMA, label: LABEL_SCHEMA } as const;

/** A tier list: thresholds in kWh (the last tier is open) and the adder on the base price. */
export const TIERS_SCHEMA = {
  type: 'array',
  minItems: 1,
  maxItems: 10,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['adder'],
    properties: { upToKwh: KWH_SCHEMA, adder: PRICE_SCHEMA },
  },
} as const;

export const CYCLE_SCHEMA = { enum: ['monthly', 'annual'] } as const;
export const MONTH_SCHEMA = { type: 'integer', minimum: 1, maximum: 12 } as const;
