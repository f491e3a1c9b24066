/** Settings of the monitoring context, read with the rest of the configuration (see ../config.ts). */
export interface MonitoringConfig {
  /** Local minute of the day at which yesterday's safe-usage risk is assessed; null = no daily job. */
  riskDailyAtMinute: number | null;
}

/** The default time of the daily risk job: after the night's meter polls and the 00:00 freezes. */
export const DEFAULT_RISK_DAILY_AT = '04:00';

/** Reads MF_RISK_DAILY_AT (`HH:MM` local time, or `off`); problems are appended to the shared list. */
export function loadMonitoringConfig(env: Record<string, string | undefined>, problems: string[]): MonitoringConfig {
  const raw = env.MF_RISK_DAILY_AT || DEFAULT_RISK_DAILY_AT;
  if (raw === 'off') return { riskDailyAtMinute: null };
  const m = /^(\d{2}):(\d{2})$/.exec(raw);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) {
    problems.push(`MF_RISK_DAILY_AT="${raw}" must be a local time HH:MM or off`);
    return { riskDailyAtMinute: null };
  }
  return { riskDailyAtMinute: Number(m[1]) * 60 + Number(m[2]) };
}
