import type { Issue } from '../errors/error-codes.ts';
import type { TouScheduleDocument } from './tariff-document.ts';
import { CODE_SCHEMA, LABEL_SCHEMA, MONTH_SCHEMA } from './schema-parts.ts';

export const MINUTES_PER_DAY = 1440;
const MONTHS = 12;
const MAX_SEGMENTS_PER_DAY = 48;

const TIME_OF_DAY = { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$' } as const;

/** JSON Schema of a version's time-of-use schedule. */
export const TOU_SCHEDULE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['periods', 'seasons'],
  properties: {
    periods: {
      type: 'array',
      minItems: 1,
      maxItems: 12,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['code', 'label'],
        properties: { code: CODE_SCHEMA, label: LABEL_SCHEMA },
      },
    },
    seasons: {
      type: 'array',
      minItems: 1,
      maxItems: 12,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['code', 'months', 'dayTypes'],
        properties: {
          code: CODE_SCHEMA,
          months: { type: 'array', minItems: 1, maxItems: 12, items: MONTH_SCHEMA },
          dayTypes: {
            type: 'array',
            minItems: 1,
            maxItems: 8,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['code', 'segments'],
              properties: {
                code: CODE_SCHEMA,
                segments: {
                  type: 'array',
                  minItems: 1,
                  maxItems: MAX_SEGMENTS_PER_DAY,
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['from', 'to', 'period'],
                    properties: { from: TIME_OF_DAY, to: TIME_OF_DAY, period: CODE_SCHEMA },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Schedule rules beyond the schema: every month in exactly one season, every day type covering
 * 00:00–24:00 without gap or overlap, known period codes, the same day types in every season.
 */
export function checkTouSchedule(s: TouScheduleDocument, path: string): Issue[] {
  const issues: Issue[] = [];
  const codes = new Set(s.periods.map((p) => p.code));
  if (codes.size !== s.periods.length) issues.push({ path: `${path}/periods`, message: 'period codes must be unique' });
  const used = new Set<string>();
  const monthSeason = new Array<string | undefined>(MONTHS + 1);
  const dayTypeSet = s.seasons[0]
    ? s.seasons[0].dayTypes
        .map((d) => d.code)
        .sort()
        .join(',')
    : '';
  s.seasons.forEach((season, si) => {
    const sp = `${path}/seasons/${si}`;
    for (const m of season.months) {
      if (monthSeason[m])
        issues.push({ path: `${sp}/months`, message: `month ${m} is already in season "${monthSeason[m]}"` });
      monthSeason[m] = season.code;
    }
    if (
      season.dayTypes
        .map((d) => d.code)
        .sort()
        .join(',') !== dayTypeSet
    ) {
      issues.push({ path: `${sp}/dayTypes`, message: `every season must list the same day types (${dayTypeSet})` });
    }
    season.dayTypes.forEach((dt, di) => {
      issues.push(...checkDayCoverage(dt.segments, `${sp}/dayTypes/${di}/segments`));
      dt.segments.forEach((seg, gi) => {
        used.add(seg.period);
        if (!codes.has(seg.period))
          issues.push({
            path: `${sp}/dayTypes/${di}/segments/${gi}/period`,
            message: `unknown period "${seg.period}"`,
          });
      });
    });
  });
  for (let m = 1; m <= MONTHS; m++) {
    if (!monthSeason[m]) issues.push({ path: `${path}/seasons`, message: `month ${m} is in no season` });
  }
  s.periods.forEach((p, i) => {
    if (!used.has(p.code))
      issues.push({ path: `${path}/periods/${i}/code`, message: `period "${p.code}" is used in no segment` });
  });
  return issues;
}

function checkDayCoverage(segments: readonly { from: string; to: string }[], path: string): Issue[] {
  const issues: Issue[] = [];
  const sorted = segments
    .map((s, i) => ({ from: minutes(s.from), to: minutes(s.to), i }))
    .sort((a, b) => a.from - b.from);
  let at = 0;
  for (const s of sorted) {
    if (s.to <= s.from) {
      issues.push({
        path: `${path}/${s.i}`,
        message: 'a segment must end after it starts (split a range across midnight in two)',
      });
      continue;
    }
    if (s.from < at)
      issues.push({
        path: `${path}/${s.i}`,
        message: `overlaps the previous segment (starts ${fmt(s.from)}, previous ends ${fmt(at)})`,
      });
    if (s.from > at) issues.push({ path: `${path}/${s.i}`, message: `gap from ${fmt(at)} to ${fmt(s.from)}` });
    at = Math.max(at, s.to);
  }
  if (at < MINUTES_PER_DAY) issues.push({ path, message: `the day is not covered from ${fmt(at)} to 24:00` });
  return issues;
}

const fmt = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** A schedule compiled to a period index per minute of day, per month and day type. */
export interface CompiledTouSchedule {
  periodCodes: readonly string[];
  /** Key `${month}/${dayType}` → period index for each minute of the day. */
  byMonthAndDayType: ReadonlyMap<string, Uint8Array>;
}

/** Compiles a checked schedule for fast lookups while aggregating interval data. */
export function compileTouSchedule(s: TouScheduleDocument): CompiledTouSchedule {
  const periodCodes = s.periods.map((p) => p.code);
  const map = new Map<string, Uint8Array>();
  for (const season of s.seasons) {
    for (const dt of season.dayTypes) {
      const day = new Uint8Array(MINUTES_PER_DAY);
      for (const seg of dt.segments) day.fill(periodCodes.indexOf(seg.period), minutes(seg.from), minutes(seg.to));
      for (const m of season.months) map.set(`${m}/${dt.code}`, day);
    }
  }
  return { periodCodes, byMonthAndDayType: map };
}

/** The period code in force at `minuteOfDay` on a day of `month` (1–12) of type `dayType`. */
export function touPeriodAt(s: CompiledTouSchedule, month: number, dayType: string, minuteOfDay: number): string {
  const day = s.byMonthAndDayType.get(`${month}/${dayType}`);
  if (!day) throw new RangeError(`no time-of-use day type "${dayType}" in month ${month}`);
  return s.periodCodes[day[minuteOfDay]];
}
