import type { Clock } from '@meterflow/core';
import type { Store } from '@meterflow/store';
import { ExternalImportService } from './external-import.service.ts';
import { PqRecordService } from './pq-record.service.ts';
import { PqReportService } from './pq-report.service.ts';
import { PqSummaryService } from './pq-summary.service.ts';
import { RiskAssessmentService, type RiskObserver } from './risk-assessment.service.ts';

/** The monitoring context's use cases, reached as `services.monitoring.*`. */
export interface MonitoringServices {
  records: PqRecordService;
  summaries: PqSummaryService;
  reports: PqReportService;
  imports: ExternalImportService;
  risk: RiskAssessmentService;
}

/** `observeRisk` feeds the alarms context (usageRisk rules); without it assessments are only stored. */
export function buildMonitoringServices(store: Store, clock: Clock, observeRisk?: RiskObserver): MonitoringServices {
  return {
    records: new PqRecordService(store, clock),
    summaries: new PqSummaryService(store, clock),
    reports: new PqReportService(store, clock),
    imports: new ExternalImportService(store, clock),
    risk: new RiskAssessmentService(store, clock, observeRisk),
  };
}
