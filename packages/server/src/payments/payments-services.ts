import type { Clock } from '@meterflow/core';
import { DEFAULT_LATE_FEE_RULES } from '@meterflow/core/payments/late-fee-rules';
import type { Store } from '@meterflow/store';
import type { AccessPolicy } from '../auth/access-policy.ts';
import { BankWithholdingService } from './bank-withholding.service.ts';
import { GroupTableService, type MeteredEnergy } from './group-table.service.ts';
import { LateFeeService } from './late-fee.service.ts';
import type { PaymentsConfig } from './payments-config.ts';
import { PaymentService } from './payment.service.ts';
import { ProviderClient } from './provider-client.ts';
import { ReconciliationService } from './reconciliation.service.ts';
import { RefundService } from './refund.service.ts';

/** The payments context's use cases, built once at start. */
export interface PaymentsServices {
  config: PaymentsConfig;
  payments: PaymentService;
  refunds: RefundService;
  bank: BankWithholdingService;
  reconciliation: ReconciliationService;
  groups: GroupTableService;
  lateFees: LateFeeService;
}

export function buildPaymentsServices(
  config: { payments: PaymentsConfig; zone: string },
  store: Store,
  clock: Clock,
  access: AccessPolicy,
  metered: MeteredEnergy,
): PaymentsServices {
  const { zone } = config;
  const provider = new ProviderClient(config.payments);
  return {
    config: config.payments,
    payments: new PaymentService(store, clock, config.payments, zone, access, provider),
    refunds: new RefundService(store, clock, zone, provider, access),
    bank: new BankWithholdingService(store, clock, zone, access),
    reconciliation: new ReconciliationService(store, clock),
    groups: new GroupTableService(store, clock, zone, metered),
    lateFees: new LateFeeService(store, clock, zone, DEFAULT_LATE_FEE_RULES),
  };
}
