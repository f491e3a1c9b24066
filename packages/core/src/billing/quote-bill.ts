import { AppError } from '../errors/error-codes.ts';
import type { Bill } from './bill.ts';
import { calculateBill } from './calculate-bill.ts';
import { checkDeterminants } from './check-determinants.ts';
import { compileTariff } from './pricing-plan.ts';
import { parseUsage } from './usage-document.ts';

/**
 * A one-off quote from a tariff document and a usage document, validating both at the boundary:
 * TARIFF_INVALID for the tariff, VALIDATION_FAILED for the usage, each with every problem.
 */
export function quoteBill(tariffDoc: unknown, usageDoc: unknown): Bill {
  const tariff = compileTariff(tariffDoc);
  const d = parseUsage(usageDoc);
  const issues = checkDeterminants(tariff, d);
  if (issues.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      `usage: ${issues.length} problem(s), first at ${issues[0].path}: ${issues[0].message}`,
      issues,
    );
  }
  return calculateBill(tariff, d);
}
