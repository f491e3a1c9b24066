import type { Severity } from '../alarms/severity.ts';

export type NotificationChannel = 'voice' | 'sms' | 'app' | 'email';

/** Channels per severity, as data. Voice calls are for critical work only by default. */
export type ChannelPolicy = Record<Severity, NotificationChannel[]>;

export const DEFAULT_CHANNEL_POLICY: ChannelPolicy = {
  critical: ['voice', 'sms', 'app'],
  major: ['sms', 'app'],
  minor: ['app'],
  info: ['app'],
};

/**
 * A decision that a staff member should be told something. The notification system sends it (and
 * drops repeats with the same `dedupeKey`); this code only decides.
 */
export interface NotificationIntent {
  recipientStaffId: string;
  channels: NotificationChannel[];
  template: 'workOrder.assigned' | 'workOrder.escalated' | 'workOrder.reopened' | 'workOrder.alarmCleared';
  severity: Severity;
  workOrderId: string;
  params: Readonly<Record<string, string>>;
  dedupeKey: string;
}
