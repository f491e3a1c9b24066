import { randomUUID } from 'node:crypto';
import { AppError, type Clock, type Issue } from '@meterflow/core';
import { reconcileStatement, type ProviderStatementLine } from '@meterflow/core/payments/reconciliation';
import type { Store } from '@meterflow/store';
import type { Principal } from '../auth/principal.ts';
import { fenCell, parseCsv } from './csv-lines.ts';

/** The provider's daily statement file: one paid transaction per line. */
export const STATEMENT_HEADER = ['provider_txn_id', 'order_id', 'amount_fen', 'paid_at'] as const;

/** Parses a statement file; every bad line is named. */
export function parseStatement(text: string): ProviderStatementLine[] {
  const issues: Issue[] = [];
  const out = parseCsv(text, STATEMENT_HEADER, 'statement').map(({ line, cells }) => {
    if (!cells[0]) issues.push({ path: `line ${line}`, message: 'provider_txn_id is empty' });
    if (Number.isNaN(Date.parse(cells[3])))
      issues.push({ path: `line ${line}`, message: `paid_at "${cells[3]}" is not an instant` });
    return { providerTxnId: cells[0], amountFen: fenCell(cells[2], line, issues), paidAt: cells[3] };
  });
  if (issues.length) throw new AppError('IMPORT_REJECTED', `statement: ${issues.length} bad line(s)`, issues);
  return out;
}

/** Matches an uploaded daily statement against the ledger's online payments of that day and keeps both. */
export class ReconciliationService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async upload(p: Principal, day: string, channel: 'online' | 'bank', text: string) {
    const statement = parseStatement(text);
    const ours = await this.store.payments.ledger.ledgerPaymentsOfDay(channel, day);
    const report = reconcileStatement(statement, ours);
    const id = `st-${randomUUID()}`;
    const at = this.clock.now().toISOString();
    await this.store.payments.office.insertStatement({
      id,
      channel,
      statement_date: day,
      uploaded_by: p.userId,
      uploaded_at: at,
      content: text,
      report: JSON.stringify(report),
    });
    await this.store.audit.append({
      at,
      actorUserId: p.userId,
      action: 'statement_reconciled',
      entity: 'provider_statement',
      entityId: id,
      detail: { day, channel },
    });
    return { id, day, channel, report };
  }

  async list() {
    const rows = await this.store.payments.office.listStatements();
    return rows.map((r) => ({
      id: r.id,
      day: r.statement_date,
      channel: r.channel,
      uploadedAt: r.uploaded_at,
      report: JSON.parse(r.report) as ReturnType<typeof reconcileStatement>,
    }));
  }
}
