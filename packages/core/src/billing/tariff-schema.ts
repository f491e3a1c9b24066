import { defaultRuleRegistry, type RuleRegistry } from './rule-registry.ts';
import { CODE_SCHEMA, LABEL_SCHEMA, PERCENT_SCHEMA } from './schema-parts.ts';
import { TOU_SCHEDULE_SCHEMA } from './tou-schedule.ts';

export const TARIFF_SCHEMA_ID = 'https://meterflow.example/schemas/tariff.schema.json';
export const MAX_TARIFF_VERSIONS = 100;
export const MAX_COMPONENTS = 20;

/** Builds the tariff JSON Schema from the registered rules' component schemas. */
export function buildTariffSchema(registry: RuleRegistry = defaultRuleRegistry): Record<string, unknown> {
  const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: TARIFF_SCHEMA_ID,
    title: 'MeterFlow tariff',
    description: 'An electricity tariff with effective-dated versions. Prices are decimal strings in yuan.',
    type: 'object',
    additionalProperties: false,
    required: ['id', 'name', 'versions'],
    properties: {
      $schema: { type: 'string' },
      notice: { type: 'string' },
      id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
      name: LABEL_SCHEMA,
      customerClass: CODE_SCHEMA,
      source: { type: 'string' },
      versions: {
        type: 'array',
        minItems: 1,
        maxItems: MAX_TARIFF_VERSIONS,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['version', 'effectiveFrom', 'vatRatePercent', 'prorationDaysPerMonth', 'components'],
          properties: {
            version: { type: 'integer', minimum: 1 },
            effectiveFrom: date,
            note: { type: 'string' },
            vatRatePercent: PERCENT_SCHEMA,
            prorationDaysPerMonth: { type: 'integer', minimum: 28, maximum: 31 },
            timeOfUse: TOU_SCHEDULE_SCHEMA,
            components: {
              type: 'array',
              minItems: 1,
              maxItems: MAX_COMPONENTS,
              items: {
                type: 'object',
                required: ['kind'],
                properties: { kind: { type: 'string' } },
                discriminator: { propertyName: 'kind' },
                oneOf: registry.all().map((m) => m.schema),
              },
            },
          },
        },
      },
    },
  };
}

/** The published tariff schema (served by the server, copied to docs/tariff.schema.json). */
export const TARIFF_SCHEMA = buildTariffSchema();
