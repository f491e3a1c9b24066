// Typed calls of the prepaid cost-control and notification APIs (docs/payments.md, docs/notifications.md).
import { request } from './api-client.ts';

const enc = encodeURIComponent;

export type Channel = 'in_app' | 'sms' | 'voice' | 'email';
export type Supply = 'on' | 'trip_pending' | 'off' | 'close_pending';

export interface PrepaidSettings {
  warningLine: { kind: 'amount'; fen: number } | { kind: 'days'; days: number };
  reminderFrequency: 'on_threshold' | 'daily' | 'weekly';
  channels: Channel[];
  quietHours: { startMinute: number; endMinute: number } | null;
  autoPayment: { triggerFen: number; topUpFen: number; maxPerMonthFen: number } | null;
  locale: 'zh-CN' | 'en';
  phone: string;
  email: string;
}

export interface PrepaidPosition {
  accountId: string;
  availableFen: number;
  warningFen: number;
  stopFen: number;
  restoreFen: number;
  supply: Supply;
  warned: string;
  lastSettledDate: string | null;
  lastChargeFen: number;
  cycleWh: number;
  tripDeferredUntil: string | null;
  forecast: {
    daysLeft: number;
    runsOutOn: string | null;
    capped: boolean;
    dailyCostFen: { workday: number; weekend: number; holiday: number };
  } | null;
  settings: PrepaidSettings;
}

export interface Advice {
  kind: string;
  numbers: Record<string, string>;
  text: { 'zh-CN': string; en: string };
}

export interface PrepaidRow {
  accountId: string;
  meterAddress: string;
  tariffCode: string;
  availableFen: number;
  warningFen: number;
  stopFen: number;
  supply: Supply;
  lastSettledDate: string | null;
  tripDeferredUntil: string | null;
}

export interface RemoteCommandView {
  id: string;
  accountId: string;
  meterAddress: string;
  action: 'trip' | 'close';
  status: string;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  history: { status: string; at: string; note: string | null }[];
}

export interface SettlementRunView {
  id: string;
  day: string;
  settled: number;
  invalid: number;
  chargedFen: number;
  atWarning: number;
  atStop: number;
  reminders: number;
  commands: number;
}

export interface InboxMessage {
  id: string;
  subject: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

export const prepaidApi = {
  position: (id: string) => request<PrepaidPosition>('GET', `/api/prepaid/accounts/${enc(id)}`),
  saveSettings: (id: string, s: PrepaidSettings) =>
    request<PrepaidPosition>('POST', `/api/prepaid/accounts/${enc(id)}/settings`, s),
  advice: (id: string) =>
    request<{ items: Advice[] }>('GET', `/api/prepaid/accounts/${enc(id)}/advice`).then((r) => r.items),
  accounts: (band: 'near' | 'past') =>
    request<{ counts: { accounts: number; near: number; past: number; off: number }; items: PrepaidRow[] }>(
      'GET',
      `/api/prepaid/accounts?band=${band}`,
    ),
  commands: (accountId?: string) =>
    request<{ items: RemoteCommandView[] }>(
      'GET',
      `/api/prepaid/commands${accountId ? `?accountId=${enc(accountId)}` : ''}`,
    ).then((r) => r.items),
  settle: (day: string) => request<SettlementRunView>('POST', '/api/prepaid/settlements', { day }),
  inbox: () => request<{ items: InboxMessage[]; unread: number }>('GET', '/api/notifications/inbox'),
  markRead: (ids: string[]) => request<{ changed: number }>('POST', '/api/notifications/inbox/read', { ids }),
};

/** The live inbox stream (Server-Sent Events); returns the function that closes it. */
export function openInboxStream(onMessage: (m: InboxMessage) => void): () => void {
  const es = new EventSource('/api/notifications/stream');
  es.addEventListener('message', (e) => onMessage(JSON.parse((e as MessageEvent<string>).data) as InboxMessage));
  return () => es.close();
}

/** Fen → yuan text with two decimals (the server sends integers only). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}
