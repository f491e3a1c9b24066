/** Settings of the notification channels, read with the rest of the configuration (see ../config.ts). */
export interface NotificationsConfig {
  /** Base URL of the SMS provider; empty = SMS not configured (messages wait in the outbox). */
  smsUrl: string;
  /** Base URL of the voice-call provider; empty = voice not configured. */
  voiceUrl: string;
  /** `smtp://host:port` of the mail relay; empty = e-mail not configured. */
  smtpUrl: string;
  emailFrom: string;
  /** Public URL of /api/notifications/receipts for provider callbacks; empty = derived when the server listens. */
  receiptUrl: string;
  /** How often the outbox is dispatched (and remote commands are driven), in ms. */
  dispatchIntervalMs: number;
}

const url = (name: string, v: string, problems: string[], scheme = /^https?:\/\//) => {
  if (v && !scheme.test(v)) problems.push(`${name}="${v}" is not a valid URL`);
  return v.replace(/\/$/, '');
};

/** Reads MF_NOTIFY_* variables; problems are appended to the shared list. */
export function loadNotificationsConfig(
  env: Record<string, string | undefined>,
  problems: string[],
): NotificationsConfig {
  const interval = Number(env.MF_NOTIFY_INTERVAL_MS || 5000);
  if (!Number.isInteger(interval) || interval < 100 || interval > 3_600_000)
    problems.push('MF_NOTIFY_INTERVAL_MS must be a whole number from 100 to 3600000');
  return {
    smsUrl: url('MF_NOTIFY_SMS_URL', env.MF_NOTIFY_SMS_URL ?? '', problems),
    voiceUrl: url('MF_NOTIFY_VOICE_URL', env.MF_NOTIFY_VOICE_URL ?? env.MF_NOTIFY_SMS_URL ?? '', problems),
    smtpUrl: url('MF_NOTIFY_SMTP_URL', env.MF_NOTIFY_SMTP_URL ?? '', problems, /^smtps?:\/\//),
    emailFrom: env.MF_NOTIFY_EMAIL_FROM || 'MeterFlow <noreply@meterflow.local>',
    receiptUrl: url('MF_NOTIFY_RECEIPT_URL', env.MF_NOTIFY_RECEIPT_URL ?? '', problems),
    dispatchIntervalMs: interval,
  };
}
