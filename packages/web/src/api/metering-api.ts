// Typed calls of the metering API (docs/metering.md); all through the one request function.
import { request } from './api-client.ts';

const enc = encodeURIComponent;

export interface VeeException {
  id: string;
  ruleId: string;
  meterId: string;
  channel: number;
  date: string;
  severity: string;
  detail: string;
  slots: number[];
  repair: string;
  status: string;
  orgId: string | null;
  resolvedBy: string | null;
  resolutionNote: string | null;
}

export interface BookCollection {
  bookId: string;
  code: string;
  name: string;
  orgId: string;
  readingDay: number;
  days: { date: string; meters: number; collected: number; ratePercent: number }[];
}

export interface MeterReads {
  meterId: string;
  channel: number;
  days: { date: string; version: number; values: number[]; quality: number[] }[];
  freezes: { date: string; valueWh: number }[];
  events: { kind: string; atUtc: string; source: string }[];
}

export interface UsagePoint {
  period: string;
  wh: number;
  kwh: number;
  quality: string;
  daysWithData: number;
  days: number;
}

/** Quality codes as the API sends them (the code is also the rank: larger is worse). */
export const QUALITY_CODES = ['actual', 'estimated', 'edited', 'suspect', 'missing'] as const;

export const meteringApi = {
  collection: (from: string, to: string) =>
    request<{ books: BookCollection[] }>('GET', `/api/metering/collection?from=${from}&to=${to}`).then((r) => r.books),
  veeQueue: (status: string, offset = 0) =>
    request<{ items: VeeException[]; total: number }>(
      'GET',
      `/api/metering/vee-exceptions?status=${enc(status)}&limit=50&offset=${offset}`,
    ),
  accept: (id: string, note: string) =>
    request<VeeException>('POST', `/api/metering/vee-exceptions/${enc(id)}/accept`, { note }),
  estimate: (id: string) => request<VeeException>('POST', `/api/metering/vee-exceptions/${enc(id)}/estimate`, {}),
  edit: (id: string, edits: { slot: number; value: number }[], reason: string) =>
    request<VeeException>('POST', `/api/metering/vee-exceptions/${enc(id)}/edit`, { edits, reason }),
  meterReads: (meterId: string, from: string, to: string) =>
    request<MeterReads>('GET', `/api/metering/meters/${enc(meterId)}/reads?from=${from}&to=${to}`),
  usage: (accountId: string, from: string, to: string, granularity: 'day' | 'month') =>
    request<{ points: UsagePoint[] }>(
      'GET',
      `/api/accounts/${enc(accountId)}/usage?from=${from}&to=${to}&granularity=${granularity}`,
    ).then((r) => r.points),
};

/** A `YYYY-MM-DD` date `days` before `date` (or today, local browser date). */
export function daysBefore(days: number, date = new Date()): string {
  const d = new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate() - days));
  return d.toISOString().slice(0, 10);
}
