import { createHash } from 'node:crypto';
import type { AlarmDecision } from '@meterflow/core/alarms/alarm-record';

/** Characters of the hash kept in an alarm id: 96 bits, no collision in any realistic history. */
const ALARM_ID_HASH_CHARS = 16;

/**
 * The engine names a new alarm `cause@instant`, which can be longer than a URL path segment may
 * be; the server stores a short id derived from it instead (deterministic, so a re-run is stable).
 */
export function shortAlarmId(engineId: string): string {
  return `al-${createHash('sha256').update(engineId).digest('base64url').slice(0, ALARM_ID_HASH_CHARS)}`;
}

/** Gives raised alarms their short ids; other decisions already carry the stored id. */
export function withShortIds(decisions: readonly AlarmDecision[]): AlarmDecision[] {
  return decisions.map((d) =>
    d.action === 'raise' ? { ...d, alarm: { ...d.alarm, id: shortAlarmId(d.alarm.id) } } : d,
  );
}
