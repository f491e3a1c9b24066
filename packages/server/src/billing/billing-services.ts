import type { Clock } from '@meterflow/core';
import type { Store } from '@meterflow/store';
import type { AccessPolicy } from '../auth/access-policy.ts';
import { BillingService } from './billing.service.ts';
import { RebillService } from './rebill.service.ts';

/** The billing context's use cases. */
export function buildBillingServices(store: Store, access: AccessPolicy, clock: Clock) {
  const billing = new BillingService(store, access, clock);
  return { billing, rebill: new RebillService(store, access, clock, billing) };
}
