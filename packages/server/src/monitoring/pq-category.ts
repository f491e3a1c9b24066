import type { CustomerClass } from '@meterflow/store';

/** The PQ customer category an account falls into when no monitoring profile says otherwise. */
export function defaultCategoryFor(customerClass: CustomerClass | string): string {
  switch (customerClass) {
    case 'residential':
      return 'residential';
    case 'commercial':
      return 'commercial';
    case 'agricultural':
      return 'agriculture';
    default:
      return 'industrial';
  }
}
