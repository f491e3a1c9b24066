import type { Clock } from '@meterflow/core';
import type { BillTable, Store } from '@meterflow/store';
import type { AccessPolicy } from '../auth/access-policy.ts';
import { BillingService } from './billing.service.ts';
import { RebillService } from './rebill.service.ts';

/** The billing context's use cases; `onReleased` follows each released bill (the prepaid true-up). */
export function buildBillingServices(
  store: Store,
  access: AccessPolicy,
  clock: Clock,
  onReleased?: (row: BillTable) => Promise<unknown>,
) {
  const billing = new BillingService(store, access, clock, undefined, onReleased);
  return { billing, rebill: new RebillService(store, access, clock, billing) };
}
