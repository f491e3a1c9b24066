// Typed calls of the billing API (docs/billing.md); all through the one request function.
import { request } from './api-client.ts';

const enc = encodeURIComponent;

export interface BillView {
  id: string;
  accountId: string;
  accountNo: string;
  cycle: string;
  revision: number;
  readingBookId: string;
  customerClass: string;
  tariffName: { zh: string; en: string };
  tariffVersion: number;
  periodFrom: string;
  periodTo: string;
  days: number;
  energyKwh: string;
  total: string;
  net: string;
  tax: string;
  totalFen: number;
  powerFactor: string | null;
  estimated: boolean;
  status: string;
  releasedAt: string | null;
  replacesBillId: string | null;
  audit: { rule: string; params: Record<string, string | number> }[];
}

export interface BillLineView {
  code: string;
  label: { zh: string; en: string };
  quantity: string;
  unit: string;
  unitPrice: string;
  priceUnit: string;
  factor?: string;
  amount: string;
}

export interface BillDetail extends BillView {
  lines: BillLineView[];
  decisions: { decision: string; reason: string; decidedBy: string; decidedAt: string }[];
  creditNote: { id: string; amount: string; reason: string; newBillId: string; issuedAt: string } | null;
}

/** Where a book's bill run stands: `accountsDone` moves with every chunk the run commits. */
export interface BillRun {
  readingBookId: string;
  cycle: string;
  status: 'running' | 'calculated' | 'failed';
  accountsTotal: number;
  accountsDone: number;
  startedBy: string;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
  bills: Record<string, number>;
  stages: { stage: string; startedAt: string; endedAt: string | null; actor: string; outcome: string | null }[];
}

/** A reading book a run of the cycle bills, with its accounts (GET /api/billing/runs/plan). */
export interface RunPlanBook {
  readingBookId: string;
  accounts: number;
}

/** What POST /api/billing/runs answers once every book of the run is billed. */
export interface BookRunResult {
  readingBookId: string;
  cycle: string;
  accounts: number;
  computed: number;
  byStatus: Record<string, number>;
}

export const billingApi = {
  bills: (accountId?: string) =>
    request<{ items: BillView[] }>('GET', `/api/bills${accountId ? `?accountId=${enc(accountId)}` : ''}`),
  bill: (id: string) => request<BillDetail>('GET', `/api/bills/${enc(id)}`),
  pdfUrl: (id: string) => `/api/bills/${enc(id)}/statement.pdf`,
  runs: (cycle?: string) =>
    request<{ items: BillRun[] }>('GET', `/api/billing/runs${cycle ? `?cycle=${enc(cycle)}` : ''}`),
  simulate: (cycle: string, readingBookId?: string) =>
    request<{ accounts: number }>('POST', '/api/billing/simulate', {
      cycle,
      ...(readingBookId ? { readingBookId } : {}),
    }),
  plan: (cycle: string, readingBookId?: string) =>
    request<{ items: RunPlanBook[] }>(
      'GET',
      `/api/billing/runs/plan?cycle=${enc(cycle)}${readingBookId ? `&readingBookId=${enc(readingBookId)}` : ''}`,
    ),
  run: (cycle: string, readingBookId?: string) =>
    request<{ items: BookRunResult[] }>('POST', '/api/billing/runs', {
      cycle,
      ...(readingBookId ? { readingBookId } : {}),
    }),
  queue: (cycle?: string) =>
    request<{ items: BillView[] }>('GET', `/api/billing/audit-queue${cycle ? `?cycle=${enc(cycle)}` : ''}`),
  decide: (id: string, decision: 'approved' | 'rejected', reason: string) =>
    request<BillDetail>('POST', `/api/billing/bills/${enc(id)}/decision`, { decision, reason }),
  release: (readingBookId: string, cycle: string) =>
    request<{ released: number }>('POST', '/api/billing/release', { readingBookId, cycle }),
};
