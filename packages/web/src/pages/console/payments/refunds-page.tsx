import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseYuanToFen, paymentsApi, type Refund } from '../../../api/payments-api.ts';
import { useApi } from '../../../api/use-api.ts';
import { useSession } from '../../../auth/session-context.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';
import { localTime, useAction, Yuan } from '../../../components/payment-bits.tsx';
import { PaymentsTabs } from './payments-tabs.tsx';

/** Refund requests and their approval by a second person (the server refuses the requester). */
export function RefundsPage() {
  const { t } = useTranslation();
  const [state, setState] = useState('requested');
  const [tick, setTick] = useState(0);
  const list = useApi(() => paymentsApi.refunds(state || undefined), `refunds:${state}:${tick}`);
  return (
    <section data-testid="refunds-page">
      <PaymentsTabs active="refunds" />
      <h2>{t('payments.refunds.title')}</h2>
      <p className="muted small">{t('payments.refunds.intro')}</p>
      <RefundRequestForm onDone={() => setTick((n) => n + 1)} />
      <h3>{t('payments.refunds.list')}</h3>
      <label className="inline">
        {t('payments.refunds.filter')}{' '}
        <select data-testid="refunds-filter" value={state} onChange={(e) => setState(e.target.value)}>
          <option value="">{t('payments.search.any')}</option>
          {['requested', 'approved', 'rejected'].map((s) => (
            <option key={s} value={s}>
              {t(`payments.refunds.state.${s}`)}
            </option>
          ))}
        </select>
      </label>
      {list.loading && <Loading />}
      {list.error && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {list.data && list.data.length === 0 && <p className="muted">{t('payments.refunds.empty')}</p>}
      {list.data?.map((r) => (
        <RefundItem key={r.id} refund={r} onDone={() => setTick((n) => n + 1)} />
      ))}
    </section>
  );
}

function RefundRequestForm(props: { onDone: () => void }) {
  const { t } = useTranslation();
  const [f, setF] = useState({ accountNo: '', amount: '', reason: '', orderId: '' });
  const [sent, setSent] = useState(false);
  const action = useAction();
  const fen = parseYuanToFen(f.amount);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => {
    setSent(false);
    setF({ ...f, [k]: e.target.value });
  };
  const submit = async () => {
    if (fen === undefined) return;
    const body = {
      accountNo: f.accountNo.trim(),
      amountFen: fen,
      reason: f.reason.trim(),
      ...(f.orderId.trim() ? { paymentOrderId: f.orderId.trim() } : {}),
    };
    if (await action.run(() => paymentsApi.requestRefund(body))) {
      setSent(true);
      setF({ accountNo: '', amount: '', reason: '', orderId: '' });
      props.onDone();
    }
  };
  return (
    <form
      className="card form-grid"
      data-testid="refund-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label>
        {t('payments.refunds.account')}
        <input data-testid="refund-account-no" value={f.accountNo} onChange={set('accountNo')} />
      </label>
      <label>
        {t('payments.pay.amount')}
        <input data-testid="refund-amount" inputMode="decimal" value={f.amount} onChange={set('amount')} />
      </label>
      <label>
        {t('payments.refunds.reason')}
        <input data-testid="refund-reason" value={f.reason} onChange={set('reason')} />
      </label>
      <label>
        {t('payments.refunds.orderId')}
        <input value={f.orderId} onChange={set('orderId')} />
      </label>
      <button
        type="submit"
        className="button"
        data-testid="refund-submit"
        disabled={fen === undefined || f.reason.trim().length < 2 || !f.accountNo.trim() || action.busy}
      >
        {t('payments.refunds.submit')}
      </button>
      {sent && <p data-testid="refund-sent">{t('payments.refunds.requested')}</p>}
      {action.error && <ErrorMessage error={action.error} />}
    </form>
  );
}

function RefundItem(props: { refund: Refund; onDone: () => void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const r = props.refund;
  const action = useAction();
  const decide = async (approve: boolean) => {
    if (await action.run(() => paymentsApi.decideRefund(r.id, approve))) props.onDone();
  };
  return (
    <div className="card" data-testid="refund-item" data-refund-id={r.id} data-state={r.state}>
      <div className="card-title">
        <span>
          <span data-i18n-skip="">{r.account_id}</span> · <Yuan fen={r.amount_fen} />
        </span>
        <span className="status">{t(`payments.refunds.state.${r.state}`)}</span>
      </div>
      <p>
        {t('payments.refunds.reason')}: <span data-i18n-skip="">{r.reason}</span>
      </p>
      <p className="muted small">
        {t('payments.refunds.requestedBy')}: <span data-i18n-skip="">{r.requested_by}</span> ·{' '}
        {localTime(r.requested_at)}
        {r.decided_by && (
          <>
            {' '}
            · {t('payments.refunds.decidedBy')}: <span data-i18n-skip="">{r.decided_by}</span>
          </>
        )}
      </p>
      {r.state === 'requested' && r.requested_by !== me.id && (
        <p className="actions">
          <button
            type="button"
            className="button small"
            data-testid="refund-approve"
            disabled={action.busy}
            onClick={() => void decide(true)}
          >
            {t('payments.refunds.approve')}
          </button>{' '}
          <button
            type="button"
            className="button secondary small"
            data-testid="refund-reject"
            disabled={action.busy}
            onClick={() => void decide(false)}
          >
            {t('payments.refunds.reject')}
          </button>
        </p>
      )}
      {action.error && <ErrorMessage error={action.error} />}
    </div>
  );
}
