/**
 * The alarm system's configuration as data: rules, stage limits, business calendar, work policy
 * (assignment, escalation, duty roster) and job schedule, read from JSON files shipped in
 * packages/server/data/alarms/ (or another folder with the same files).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError, assertNoIssues } from '@meterflow/core';
import { compileAlarmConfig, type AlarmConfig, type AlarmConfigData } from '@meterflow/core/alarms/alarm-config';
import type { WorkPolicy } from '@meterflow/core/alarms/alarm-work-orders';
import { BusinessCalendar, type BusinessCalendarData } from '@meterflow/core/workflow/business-calendar';
import { parseDutyRoster, type DutyShiftData } from '@meterflow/core/workflow/duty-roster';
import { parseEscalationPolicy, type EscalationPolicy } from '@meterflow/core/workflow/escalation';
import { StageLimitTable, type StageLimitRule } from '@meterflow/core/workflow/stage-limits';
import type { AssignmentRule } from '@meterflow/core/workflow/work-order-assignment';
import { DEFAULT_ROOT_CAUSES } from '@meterflow/core/workflow/work-order';
import { staffContactIssues, type StaffContacts } from './staff-contacts.ts';

export const DEFAULT_ALARMS_DATA_DIR = resolve(new URL('../../data/alarms', import.meta.url).pathname);

export interface AlarmSchedule {
  sweepEverySeconds: number;
  escalateEverySeconds: number;
  leaseSeconds: number;
}

export interface AlarmSettings {
  config: AlarmConfig;
  limits: StageLimitTable;
  calendar: BusinessCalendar;
  policy: WorkPolicy;
  schedule: AlarmSchedule;
  rootCauses: readonly string[];
  /** The raw rule data, for showing configuration to staff. */
  rulesData: AlarmConfigData;
  limitsData: StageLimitRule[];
  /** Phones and e-mail addresses of staff for alarm notifications (optional file staff-contacts.json). */
  contacts: StaffContacts;
}

const CONTACTS_FILE = 'staff-contacts.json';

/** The optional contacts file: none means in-app messages only. */
function readContacts(dir: string): StaffContacts {
  if (!existsSync(join(dir, CONTACTS_FILE))) return {};
  const data = readJson<Record<string, unknown>>(dir, CONTACTS_FILE);
  assertNoIssues(staffContactIssues(data), CONTACTS_FILE);
  return Object.fromEntries(Object.entries(data).filter(([k]) => !k.startsWith('$'))) as StaffContacts;
}

function readJson<T>(dir: string, name: string): T {
  const path = join(dir, name);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (e) {
    throw new AppError('VALIDATION_FAILED', `cannot read alarm data ${path}: ${(e as Error).message}`, [
      { path: name, message: (e as Error).message },
    ]);
  }
}

/** Loads and validates every alarm data file of `dir`; each file's problems are reported at once. */
export function loadAlarmSettings(dir: string = DEFAULT_ALARMS_DATA_DIR): AlarmSettings {
  const rulesData = readJson<AlarmConfigData>(dir, 'alarm-rules.json');
  const limitsData = readJson<StageLimitRule[]>(dir, 'stage-limits.json');
  const calendarData = readJson<BusinessCalendarData>(dir, 'business-calendar.json');
  const wp = readJson<{ assignment: AssignmentRule[]; escalation: EscalationPolicy; roster: DutyShiftData[] }>(
    dir,
    'work-policy.json',
  );
  const schedule = readJson<AlarmSchedule & { rootCauses?: string[] }>(dir, 'schedule.json');
  const calendar = new BusinessCalendar(calendarData);
  return {
    config: compileAlarmConfig(rulesData),
    limits: new StageLimitTable(limitsData),
    calendar,
    policy: {
      assignment: wp.assignment,
      roster: parseDutyRoster(wp.roster),
      escalation: parseEscalationPolicy(wp.escalation),
      calendar,
    },
    schedule: {
      sweepEverySeconds: schedule.sweepEverySeconds,
      escalateEverySeconds: schedule.escalateEverySeconds,
      leaseSeconds: schedule.leaseSeconds,
    },
    rootCauses: schedule.rootCauses ?? DEFAULT_ROOT_CAUSES,
    rulesData,
    limitsData,
    contacts: readContacts(dir),
  };
}
