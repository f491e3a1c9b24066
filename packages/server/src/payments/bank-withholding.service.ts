import { createHash, randomUUID } from 'node:crypto';
import { AppError, localDate, type Clock, type Issue } from '@meterflow/core';
import { recordPayment, step, type PaymentOrder, type Store } from '@meterflow/store';
import type { AccessPolicy } from '../auth/access-policy.ts';
import type { Principal } from '../auth/principal.ts';
import { fenCell, parseCsv } from './csv-lines.ts';
import { PaymentPostedHook } from './payment-posted-hook.ts';

/** Request file we send the bank: what to withhold from each account's bank account. */
export const WITHHOLDING_HEADER = ['line_no', 'account_no', 'amount_fen', 'due_date'] as const;
/** Result file the bank sends back, one line per request line. */
export const RESULT_HEADER = ['line_no', 'account_no', 'amount_fen', 'result', 'bank_txn_id', 'message'] as const;

/** Bank withholding (代扣): request files out, result files in; successes become bank payments. */
export class BankWithholdingService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly zone: string,
    private readonly access: AccessPolicy,
  ) {}

  /** Told after each bank payment is committed (prepaid cost control listens: see services.ts). */
  readonly posted = new PaymentPostedHook();

  /** Builds the request file for every account in the user's branches that owes money. */
  async requestFile(p: Principal): Promise<{ batchId: string; fileName: string; csv: string }> {
    const scope = await this.access.scopeOf(p);
    const lines: string[] = [WITHHOLDING_HEADER.join(',')];
    let total = 0;
    const tb = await this.store.payments.ledger.trialBalance();
    for (const [code, owed] of [...tb].sort()) {
      if (!code.startsWith('receivable/') || owed <= 0) continue;
      const account = await this.store.accounts.get(code.slice('receivable/'.length));
      if (!account || (scope.orgIds && !scope.orgIds.includes(account.orgId))) continue;
      const items = await this.store.payments.ledger.openItems(account.id);
      const due = items.map((i) => i.dueDate).sort()[0] ?? '';
      lines.push([lines.length, account.accountNo, owed, due].join(','));
      total += owed;
    }
    const now = this.clock.now();
    const batchId = `bw-${randomUUID()}`;
    const fileName = `withholding-${localDate(now, this.zone)}-${batchId.slice(3, 11)}.csv`;
    const csv = lines.join('\n') + '\n';
    await this.store.payments.office.insertBankBatch(
      {
        id: batchId,
        direction: 'out',
        file_name: fileName,
        created_by: p.userId,
        created_at: now.toISOString(),
        item_count: lines.length - 1,
        total_fen: total,
        content: csv,
      },
      [],
    );
    return { batchId, fileName, csv };
  }

  /** Reads a result file; each success is posted once (by bank transaction id) even if the file comes twice. */
  async resultFile(p: Principal, text: string) {
    const issues: Issue[] = [];
    const rows = parseCsv(text, RESULT_HEADER, 'bank result file').map(({ line, cells }) => {
      const result = cells[3];
      if (result !== 'success' && result !== 'fail')
        issues.push({ path: `line ${line}`, message: 'result must be success or fail' });
      if (result === 'success' && !cells[4])
        issues.push({ path: `line ${line}`, message: 'bank_txn_id is required on success' });
      return {
        line,
        accountNo: cells[1],
        amountFen: fenCell(cells[2], line, issues),
        result,
        txn: cells[4],
        message: cells[5],
      };
    });
    const accounts = new Map<string, string>();
    for (const r of rows) {
      const a = await this.store.accounts.getByNo(r.accountNo);
      if (!a) issues.push({ path: `line ${r.line}`, message: `no account ${r.accountNo}` });
      else accounts.set(r.accountNo, a.id);
    }
    if (issues.length)
      throw new AppError(
        'IMPORT_REJECTED',
        `bank result file: ${issues.length} bad line(s), first ${issues[0].path}`,
        issues,
      );
    const now = this.clock.now();
    const at = now.toISOString();
    const day = localDate(now, this.zone);
    const batchId = `bi-${createHash('sha256').update(text).digest('hex').slice(0, 16)}-${randomUUID().slice(0, 8)}`;
    const items = [];
    let paid = 0;
    let duplicates = 0;
    for (const r of rows) {
      let orderId: string | null = null;
      if (r.result === 'success') {
        orderId = `pb-${r.txn}`;
        const order: PaymentOrder = {
          id: orderId,
          channel: 'bank',
          amountFen: r.amountFen,
          state: 'created',
          providerTxnId: null,
          payerCustomerId: null,
          createdBy: p.userId,
          createdAt: at,
          paidAt: null,
          businessDate: null,
          receiptNo: null,
          targets: [{ accountId: accounts.get(r.accountNo)!, amountFen: r.amountFen }],
        };
        const conf = { providerTxnId: r.txn, amountFen: r.amountFen, paidAt: at, businessDate: day };
        const fresh = await this.store.payments.ledger.run(function* () {
          if (yield* step('getOrder', order.id)) return false;
          yield* recordPayment(order, conf);
          return true;
        });
        if (fresh) paid++;
        else duplicates++;
        // Committed: a prepaid account may now be above its restore line.
        if (fresh) await this.posted.notify(order.targets.map((t) => t.accountId));
      }
      items.push({
        batch_id: batchId,
        line_no: r.line,
        account_no: r.accountNo,
        amount_fen: r.amountFen,
        result: r.result,
        payment_order_id: orderId,
        message: r.message,
      });
    }
    const total = rows.filter((r) => r.result === 'success').reduce((s, r) => s + r.amountFen, 0);
    await this.store.payments.office.insertBankBatch(
      {
        id: batchId,
        direction: 'in',
        file_name: `result-${day}.csv`,
        created_by: p.userId,
        created_at: at,
        item_count: rows.length,
        total_fen: total,
        content: text,
      },
      items,
    );
    return { batchId, lines: rows.length, paid, duplicates, failed: rows.filter((r) => r.result === 'fail').length };
  }
}
