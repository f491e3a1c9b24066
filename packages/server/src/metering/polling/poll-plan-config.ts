import { AppError, type Issue } from '@meterflow/core';

/** Channels one reading plan may poll, and meters behind one channel. */
export const POLL_CHANNELS_MAX = 2_000;
export const METERS_PER_CHANNEL_MAX = 1_024;
/** Poll times per day. */
export const POLL_TIMES_MAX = 96;

/**
 * One TCP channel: a meter or a concentrator's transparent channel. Its meters are listed by
 * address, or taken from the meters table by reading book (accounts of those books, meters in service).
 */
export interface PollChannel {
  id: string;
  host: string;
  port: number;
  /** The concentrator (集中器) behind the channel, for the alarm diagnosis; defaults to the channel id. */
  concentratorId: string;
  meters: string[];
  readingBooks: string[];
  /** Book and branch of listed meters that are not in the meters table (e.g. simulated ones). */
  readingBookId: string | null;
  branchId: string | null;
}

/** The reading plan's configuration (a JSON file, see docs/metering.md). */
export interface PollPlanConfig {
  channels: PollChannel[];
  /** Local times of day (`HH:MM`) at which every channel is polled, e.g. after the 00:00 freeze. */
  pollTimes: string[];
  /** Meter clock drift beyond this becomes a clock-error event. */
  clockDriftLimitSeconds: number;
  requestTimeoutMs: number;
  retries: number;
  /** Daily freezes read per meter: 1 = the last, 2 = also the one before (fills a day missed by a failed poll). */
  freezesRead: number;
}

export const DEFAULT_POLL_PLAN: Omit<PollPlanConfig, 'channels'> = {
  pollTimes: ['01:00'],
  clockDriftLimitSeconds: 60,
  requestTimeoutMs: 2000,
  retries: 2,
  freezesRead: 2,
};

const ADDRESS = /^\d{12}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks a reading plan document; every problem at once as VALIDATION_FAILED. */
export function parsePollPlanConfig(doc: unknown): PollPlanConfig {
  const issues: Issue[] = [];
  const d = isObj(doc) ? doc : (issues.push({ path: '', message: 'must be an object' }), {});
  const out: PollPlanConfig = { ...DEFAULT_POLL_PLAN, channels: [] };
  const whole = (
    k: 'clockDriftLimitSeconds' | 'requestTimeoutMs' | 'retries' | 'freezesRead',
    min: number,
    max: number,
  ) => {
    if (d[k] === undefined) return;
    const v = d[k];
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) out[k] = v;
    else issues.push({ path: `/${k}`, message: `must be a whole number from ${min} to ${max}` });
  };
  whole('clockDriftLimitSeconds', 1, 86_400);
  whole('requestTimeoutMs', 50, 60_000);
  whole('retries', 0, 10);
  whole('freezesRead', 1, 62);
  if (d.pollTimes !== undefined) {
    const t = d.pollTimes;
    if (!Array.isArray(t) || t.length === 0 || t.length > POLL_TIMES_MAX)
      issues.push({ path: '/pollTimes', message: `must list 1 to ${POLL_TIMES_MAX} times` });
    else {
      t.forEach((x, i) => {
        if (typeof x !== 'string' || !TIME.test(x)) issues.push({ path: `/pollTimes/${i}`, message: 'must be HH:MM' });
      });
      out.pollTimes = [...new Set(t as string[])].sort();
    }
  }
  const chans = d.channels;
  if (!Array.isArray(chans) || chans.length > POLL_CHANNELS_MAX)
    issues.push({ path: '/channels', message: `must be a list of at most ${POLL_CHANNELS_MAX} channels` });
  else chans.forEach((c, i) => parseChannel(c, `/channels/${i}`, issues, out.channels));
  const ids = new Set<string>();
  out.channels.forEach((c, i) => {
    if (ids.has(c.id)) issues.push({ path: `/channels/${i}/id`, message: `"${c.id}" is used twice` });
    ids.add(c.id);
  });
  if (issues.length)
    throw new AppError(
      'VALIDATION_FAILED',
      `reading plan: ${issues.length} problem(s), first at ${issues[0].path}: ${issues[0].message}`,
      issues,
    );
  return out;
}

function parseChannel(c: unknown, path: string, issues: Issue[], out: PollChannel[]): void {
  if (!isObj(c)) return void issues.push({ path, message: 'must be an object' });
  const text = (k: string, required: boolean): string | null => {
    const v = c[k];
    if (v === undefined && !required) return null;
    if (typeof v === 'string' && v.length > 0 && v.length <= 120) return v;
    issues.push({ path: `${path}/${k}`, message: 'must be text of 1 to 120 characters' });
    return null;
  };
  const id = text('id', true);
  const host = text('host', true);
  const port = c.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)
    issues.push({ path: `${path}/port`, message: 'must be a port number' });
  const list = (k: string, check: (s: string) => boolean, what: string): string[] => {
    const v = c[k] ?? [];
    if (!Array.isArray(v) || v.length > METERS_PER_CHANNEL_MAX) {
      issues.push({ path: `${path}/${k}`, message: `must be a list of at most ${METERS_PER_CHANNEL_MAX}` });
      return [];
    }
    v.forEach((x, j) => {
      if (typeof x !== 'string' || !check(x)) issues.push({ path: `${path}/${k}/${j}`, message: what });
    });
    return v.filter((x): x is string => typeof x === 'string');
  };
  const meters = list('meters', (s) => ADDRESS.test(s), 'must be a 12-digit meter address');
  const readingBooks = list('readingBooks', (s) => s.length > 0 && s.length <= 120, 'must be a reading book id');
  if (meters.length + readingBooks.length === 0)
    issues.push({ path: `${path}/meters`, message: 'list meters or readingBooks' });
  const concentratorId = text('concentratorId', false);
  const readingBookId = text('readingBookId', false);
  const branchId = text('branchId', false);
  if (id && host && typeof port === 'number')
    out.push({ id, host, port, concentratorId: concentratorId ?? id, meters, readingBooks, readingBookId, branchId });
}
