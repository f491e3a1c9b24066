import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { paymentsApi, type ReconciliationReport } from '../../../api/payments-api.ts';
import { useApi } from '../../../api/use-api.ts';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { useAction, Yuan } from '../../../components/payment-bits.tsx';
import { PaymentsTabs } from './payments-tabs.tsx';

/** Largest statement read in the browser; the server's own limit is 8 MB. */
const STATEMENT_MAX_BYTES = 8 * 1024 * 1024;

/** Upload the provider's daily statement and see what does not match; earlier reports below. */
export function ReconciliationPage() {
  const { t } = useTranslation();
  const [day, setDay] = useState('');
  const [file, setFile] = useState<File | undefined>();
  const [report, setReport] = useState<ReconciliationReport | undefined>();
  const earlier = useApi(() => paymentsApi.reconciliations(), `recon-list:${report?.id ?? ''}`);
  const action = useAction();
  const upload = async () => {
    if (!file || !day || file.size > STATEMENT_MAX_BYTES) return;
    const text = await file.text();
    const r = await action.run(() => paymentsApi.reconcile(day, text));
    if (r) setReport(r);
  };
  return (
    <section data-testid="reconciliation-page">
      <PaymentsTabs active="reconciliation" />
      <h2>{t('payments.recon.title')}</h2>
      <p className="muted small">{t('payments.recon.intro')}</p>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          void upload();
        }}
      >
        <label>
          {t('payments.recon.day')}
          <input type="date" data-testid="recon-day" value={day} onChange={(e) => setDay(e.target.value)} />
        </label>
        <label>
          {t('payments.recon.file')}
          <input
            type="file"
            accept=".csv,text/csv"
            data-testid="recon-file"
            onChange={(e) => setFile(e.target.files?.[0])}
          />
        </label>
        <button type="submit" className="button" data-testid="recon-submit" disabled={!file || !day || action.busy}>
          {t('payments.recon.upload')}
        </button>
      </form>
      {action.error && <ErrorMessage error={action.error} />}
      {report && <ReportView report={report} />}
      <h3>{t('payments.recon.earlier')}</h3>
      {earlier.error && <ErrorMessage error={earlier.error} onRetry={earlier.reload} />}
      <ul className="link-list">
        {earlier.data?.map((r) => (
          <li key={r.id}>
            <button type="button" className="button secondary small" onClick={() => setReport(r)}>
              {r.day} · {t(`payments.channel.${r.channel}`)} ·{' '}
              {t('payments.recon.matched', { count: r.report.matched.length })}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ReportView(props: { report: ReconciliationReport }) {
  const { t } = useTranslation();
  const r = props.report.report;
  const clean =
    r.missingOnOurSide.length + r.missingAtProvider.length + r.amountMismatches.length + r.duplicates.length === 0;
  return (
    <div className="card" data-testid="recon-report" data-clean={clean}>
      <div className="card-title">
        {props.report.day} · {t('payments.recon.matched', { count: r.matched.length })}
      </div>
      <p>
        {t('payments.recon.providerTotal')}: <Yuan fen={r.providerTotalFen} /> · {t('payments.recon.ledgerTotal')}:{' '}
        <Yuan fen={r.ledgerTotalFen} />
      </p>
      {clean && <p data-testid="recon-clean">{t('payments.recon.noMismatch')}</p>}
      <Mismatch
        title={t('payments.recon.missingOnOurSide')}
        testId="recon-missing-ours"
        heads={[t('payments.recon.txn'), t('payments.recon.amount')]}
        rows={r.missingOnOurSide.map((m) => [m.providerTxnId, <Yuan key="a" fen={m.amountFen} />])}
      />
      <Mismatch
        title={t('payments.recon.missingAtProvider')}
        testId="recon-missing-provider"
        heads={[t('payments.recon.payment'), t('payments.recon.txn'), t('payments.recon.amount')]}
        rows={r.missingAtProvider.map((m) => [m.paymentId, m.providerTxnId, <Yuan key="a" fen={m.amountFen} />])}
      />
      <Mismatch
        title={t('payments.recon.amountMismatches')}
        testId="recon-amounts"
        heads={[t('payments.recon.txn'), t('payments.recon.payment'), t('payments.recon.difference')]}
        rows={r.amountMismatches.map((m) => [m.providerTxnId, m.paymentId, <Yuan key="a" fen={m.differenceFen} />])}
      />
      <Mismatch
        title={t('payments.recon.duplicates')}
        testId="recon-duplicates"
        heads={[t('payments.recon.side'), t('payments.recon.txn'), t('payments.recon.count')]}
        rows={r.duplicates.map((m) => [m.side, m.providerTxnId, String(m.count)])}
      />
    </div>
  );
}

function Mismatch(props: { title: string; testId: string; heads: string[]; rows: React.ReactNode[][] }) {
  if (props.rows.length === 0) return null;
  return (
    <>
      <h4>{props.title}</h4>
      <table className="stack-table" data-testid={props.testId}>
        <thead>
          <tr>
            {props.heads.map((h) => (
              <th key={h}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((cells, i) => (
            <tr key={i}>
              {cells.map((c, j) => (
                <td key={j} data-label={props.heads[j]}>
                  <span data-i18n-skip="">{c}</span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
