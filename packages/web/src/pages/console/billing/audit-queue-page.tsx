import '../../portal/billing/billing.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { billingApi, type BillView } from '../../../api/billing-api.ts';
import { useApi } from '../../../api/use-api.ts';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';
import { useAction } from './use-action.ts';

/** The manual bill audit queue: each held bill with the reasons, approved or rejected with a note. */
export function AuditQueuePage() {
  const { t } = useTranslation();
  const queue = useApi(() => billingApi.queue(), 'bill-queue');
  return (
    <section data-testid="audit-queue-page">
      <h2>{t('billing.queue.title')}</h2>
      <p className="muted small">{t('billing.queue.intro')}</p>
      {queue.loading && <Loading />}
      {queue.error && <ErrorMessage error={queue.error} onRetry={queue.reload} />}
      {queue.data && queue.data.items.length === 0 && <p className="muted">{t('billing.queue.empty')}</p>}
      {queue.data?.items.map((b) => (
        <QueueItem key={b.id} bill={b} />
      ))}
    </section>
  );
}

function QueueItem(props: { bill: BillView }) {
  const { t } = useTranslation();
  const [bill, setBill] = useState(props.bill);
  const [reason, setReason] = useState('');
  const action = useAction();
  const decide = (decision: 'approved' | 'rejected') =>
    void action.act(async () => {
      if (!reason.trim()) return t('billing.queue.needReason');
      setBill(await billingApi.decide(bill.id, decision, reason.trim()));
      return '';
    });
  return (
    <article
      className="card queue-item"
      data-testid="queue-item"
      data-bill={bill.id}
      data-book={bill.readingBookId}
      data-status={bill.status}
    >
      <div className="vee-head">
        <strong className="mono">{bill.accountNo}</strong>
        <span className="mono">{bill.cycle}</span>
        <span className="mono">{bill.energyKwh} kWh</span>
        <span className="mono">¥{bill.total}</span>
        <span className="tag" data-testid="queue-status">
          {t(`billing.status.${bill.status}`)}
        </span>
      </div>
      <p className="small">
        {t('billing.queue.reasons')}:{' '}
        <span data-testid="queue-reasons">
          {bill.audit.map((a) => t(`billing.rule.${a.rule}`, { ...a.params, defaultValue: a.rule })).join(';')}
        </span>
      </p>
      {bill.status === 'held' && (
        <>
          <label className="small">
            {t('billing.queue.reason')}
            <textarea value={reason} onChange={(e) => setReason(e.target.value)} data-testid="queue-reason" />
          </label>
          <div className="bill-actions">
            <button
              type="button"
              className="button"
              disabled={action.busy}
              data-testid="queue-approve"
              onClick={() => decide('approved')}
            >
              {t('billing.queue.approve')}
            </button>
            <button
              type="button"
              className="button secondary"
              disabled={action.busy}
              data-testid="queue-reject"
              onClick={() => decide('rejected')}
            >
              {t('billing.queue.reject')}
            </button>
          </div>
        </>
      )}
      {action.message && <p className="notice">{action.message}</p>}
      {action.error && <ErrorMessage error={action.error} />}
    </article>
  );
}
