import { assertNoIssues } from '../../errors/error-codes.ts';
import data from './customer-categories.json' with { type: 'json' };

export interface CustomerCategory {
  id: string;
  name: { zh: string; en: string };
  /** Which limit set judges this customer's supply. */
  limitSetId: string;
  /** Which equipment tolerance curve judges dips and swells. */
  curveId: string;
  sensitivity: { zh: string; en: string };
}

const categories = new Map<string, CustomerCategory>(
  Object.entries(data.categories).map(([id, c]) => [id, { id, ...c }]),
);

/** A shipped customer category model (residential, commercial, industrial, semiconductor, hospital, agriculture). */
export function getCustomerCategory(id: string): CustomerCategory {
  const c = categories.get(id);
  if (!c)
    assertNoIssues(
      [{ path: '/category', message: `unknown "${id}"; known: ${[...categories.keys()].join(', ')}` }],
      'category',
    );
  return c as CustomerCategory;
}

export const customerCategoryIds = (): string[] => [...categories.keys()];
