import type { Clock } from '@meterflow/core';
import { resolveVeeConfig } from '@meterflow/core/metering/vee/vee-config';
import type { Store } from '@meterflow/store';
import type { AccessPolicy } from '../auth/access-policy.ts';
import { IngestService } from './ingest.service.ts';
import { MeteringQueryService } from './metering-query.service.ts';
import { VeeQueueService } from './vee-queue.service.ts';
import { VeeService } from './vee.service.ts';
import { RejectResubmitService } from './reject-resubmit.service.ts';

/** The metering context's use cases, built once by the composition root. */
export interface MeteringServices {
  ingest: IngestService;
  vee: VeeService;
  queue: VeeQueueService;
  query: MeteringQueryService;
  resubmit: RejectResubmitService;
}

export function buildMeteringServices(
  store: Store,
  access: AccessPolicy,
  clock: Clock,
  zone: string,
): MeteringServices {
  const vee = resolveVeeConfig();
  const ingest = new IngestService(store, clock, zone);
  return {
    ingest,
    resubmit: new RejectResubmitService(store, ingest, clock),
    vee: new VeeService(store, clock, zone, vee),
    queue: new VeeQueueService(store, access, clock, vee),
    query: new MeteringQueryService(store, access, zone),
  };
}
