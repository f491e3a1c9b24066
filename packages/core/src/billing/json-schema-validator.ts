import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { Issue } from '../errors/error-codes.ts';

/** Most schema problems reported for one document; enough to fix a file in one pass. */
export const MAX_SCHEMA_ISSUES = 200;

/** Compiles a draft-07 schema once; the validator reports every problem with its JSON pointer. */
export function compileSchema(schema: Record<string, unknown>): (value: unknown) => Issue[] {
  const ajv = new Ajv({ allErrors: true, discriminator: true, strict: true, allowUnionTypes: true });
  let validate: ValidateFunction | undefined;
  return (value) => {
    validate ??= ajv.compile(schema);
    if (validate(value)) return [];
    return (validate.errors ?? []).slice(0, MAX_SCHEMA_ISSUES).map(toIssue);
  };
}

function toIssue(e: ErrorObject): Issue {
  const path = e.instancePath === '' ? '/' : e.instancePath;
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties')
    return { path, message: `unknown property "${String(params.additionalProperty)}"` };
  if (e.keyword === 'required') return { path, message: `missing property "${String(params.missingProperty)}"` };
  if (e.keyword === 'discriminator')
    return { path, message: `"${String(params.tagValue)}" is not a known ${String(params.tag)}` };
  if (e.keyword === 'enum') return { path, message: `${e.message}: ${(params.allowedValues as unknown[]).join(', ')}` };
  return { path, message: e.message ?? e.keyword };
}
