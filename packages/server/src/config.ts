/**
 * Configuration is read once at start from the environment, validated, and passed in typed. Every
 * bad variable is named in one error, so an operator fixes them all in one go.
 */
import { resolve } from 'node:path';
import { loadMeteringConfig, type MeteringConfig } from './metering/metering-config.ts';
import { loadPaymentsConfig, type PaymentsConfig } from './payments/payments-config.ts';
import { loadNotificationsConfig, type NotificationsConfig } from './notifications/notifications-config.ts';
import { loadPrepaidConfig, type PrepaidConfig } from './prepaid/prepaid-config.ts';
import { loadMonitoringConfig, type MonitoringConfig } from './monitoring/monitoring-config.ts';

export interface Config {
  host: string;
  port: number;
  /** `sqlite:PATH` (default `sqlite:./data/meterflow.db`) or `postgres://…`. */
  databaseUrl: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Idle lifetime of a login session. */
  sessionTtlMinutes: number;
  /** Zone in which business rules are evaluated. */
  zone: string;
  /** Folder of the built web app; served at `/` when it exists. */
  webDist: string;
  /** Secure flag on the session cookie (set it behind HTTPS). */
  cookieSecure: boolean;
  /** Login attempts allowed per user name and address in one minute. */
  loginAttemptsPerMinute: number;
  /** MQTT ingestion and VEE timing (metering/metering-config.ts). */
  metering: MeteringConfig;
  /** Online payment provider and timeouts (payments/payments-config.ts). */
  payments: PaymentsConfig;
  /** Notification channels and the dispatch interval (notifications/notifications-config.ts). */
  notifications: NotificationsConfig;
  /** No-cut windows, remote command policy, meter gateway (prepaid/prepaid-config.ts). */
  prepaid: PrepaidConfig;
  /** The daily risk job's time (monitoring/monitoring-config.ts). */
  monitoring: MonitoringConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const DEFAULT_WEB_DIST = resolve(new URL('../../web/dist', import.meta.url).pathname);

/** Reads and validates the configuration; `overrides` win over the environment (the CLI's flags). */
export function loadConfig(env: Record<string, string | undefined>, overrides: Partial<Config> = {}): Config {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}="${raw}" must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return n;
  };
  const logLevel = (env.LOG_LEVEL ?? 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`LOG_LEVEL="${env.LOG_LEVEL}" must be one of ${LOG_LEVELS.join(', ')}`);
  const databaseUrl = env.DATABASE_URL || 'sqlite:./data/meterflow.db';
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(databaseUrl)) {
    problems.push(`DATABASE_URL="${databaseUrl}" must start with sqlite: or postgres://`);
  }
  const zone = env.MF_ZONE || 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    problems.push(`MF_ZONE="${zone}" is not a known time zone`);
  }
  const cookieSecure = env.COOKIE_SECURE ?? 'false';
  if (!['true', 'false'].includes(cookieSecure)) problems.push(`COOKIE_SECURE="${cookieSecure}" must be true or false`);
  const config: Config = {
    host: env.HOST || '127.0.0.1',
    port: int('PORT', 8080, 0, 65535),
    databaseUrl,
    logLevel,
    sessionTtlMinutes: int('SESSION_TTL_MINUTES', 120, 1, 7 * 24 * 60),
    zone,
    webDist: env.MF_WEB_DIST || DEFAULT_WEB_DIST,
    cookieSecure: cookieSecure === 'true',
    loginAttemptsPerMinute: int('LOGIN_ATTEMPTS_PER_MINUTE', 10, 1, 10000),
    metering: loadMeteringConfig(env, problems),
    payments: loadPaymentsConfig(env, problems),
    notifications: loadNotificationsConfig(env, problems),
    prepaid: loadPrepaidConfig(env, zone, problems),
    monitoring: loadMonitoringConfig(env, problems),
    ...overrides,
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}
