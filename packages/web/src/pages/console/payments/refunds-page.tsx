import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseYuanToFen, paymentsApi, type PayoutFile, type Refund } from '../../../api/payments-api.ts';
import { useApi } from '../../../api/use-api.ts';
import { useSession } from '../../../auth/session-context.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';
import { localTime, useAction, Yuan } from '../../../components/payment-bits.tsx';
import { PaymentsTabs } from './payments-tabs.tsx';

/** Statuses a refund moves through, in the filter's order. */
const STATUSES = ['requested', 'approved', 'paying', 'paid', 'payout_failed', 'rejected'] as const;
/** Largest result file read in the browser; the server's own limit is 8 MB. */
const RESULT_MAX_BYTES = 8 * 1024 * 1024;

/**
 * Refund requests, their approval by a second person (the server refuses the requester), and the
 * payout: back through the provider, or by bank payout file and the bank's result file.
 */
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
      <PayoutFiles onDone={() => setTick((n) => n + 1)} />
      <h3>{t('payments.refunds.list')}</h3>
      <label className="inline">
        {t('payments.refunds.filter')}{' '}
        <select data-testid="refunds-filter" value={state} onChange={(e) => setState(e.target.value)}>
          <option value="">{t('payments.search.any')}</option>
          {STATUSES.map((s) => (
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
  const retry = async () => {
    if (await action.run(() => paymentsApi.retryRefundPayout(r.id))) props.onDone();
  };
  const payout = r.payout;
  return (
    <div className="card" data-testid="refund-item" data-refund-id={r.id} data-state={r.state} data-status={r.status}>
      <div className="card-title">
        <span>
          <span data-i18n-skip="">{r.account_id}</span> · <Yuan fen={r.amount_fen} />
        </span>
        <span className="status" data-testid="refund-status">
          {t(`payments.refunds.state.${r.status}`)}
        </span>
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
      {payout && (
        <p className="small" data-testid="refund-payout">
          {t(`payments.refunds.payout.method.${payout.method}`)}
          {payout.attempts > 0 && <> · {t('payments.refunds.payout.attempts', { count: payout.attempts })}</>}
          {payout.external_ref && (
            <>
              {' '}
              · {t('payments.refunds.payout.ref')}: <span data-i18n-skip="">{payout.external_ref}</span>
            </>
          )}
          {payout.paid_at && <> · {localTime(payout.paid_at)}</>}
          {r.status === 'approved' && payout.method === 'bank_file' && <> · {t('payments.refunds.payout.nextFile')}</>}
        </p>
      )}
      {r.status === 'payout_failed' && payout?.failure_reason && (
        <p className="alert small" data-testid="refund-payout-reason">
          {t('payments.refunds.payout.failedBecause')}: <span data-i18n-skip="">{payout.failure_reason}</span>
          {payout.method === 'bank_file' && <> · {t('payments.refunds.payout.nextFile')}</>}
        </p>
      )}
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
      {r.status === 'payout_failed' && payout?.method === 'provider' && (
        <p className="actions">
          <button
            type="button"
            className="button small"
            data-testid="refund-payout-retry"
            disabled={action.busy}
            onClick={() => void retry()}
          >
            {t('payments.refunds.payout.retry')}
          </button>
        </p>
      )}
      {action.error && <ErrorMessage error={action.error} />}
    </div>
  );
}

/** Bank payouts: make the payout file of every refund waiting for the bank, and read the bank's result file. */
function PayoutFiles(props: { onDone: () => void }) {
  const { t } = useTranslation();
  const [made, setMade] = useState<PayoutFile | undefined>();
  const [file, setFile] = useState<File | undefined>();
  const [result, setResult] = useState<{ lines: number; paid: number; failed: number; duplicates: number }>();
  const action = useAction();
  const make = async () => {
    const f = await action.run(() => paymentsApi.makePayoutFile());
    if (f) {
      setMade(f);
      props.onDone();
    }
  };
  const upload = async () => {
    if (!file || file.size > RESULT_MAX_BYTES) return;
    const text = await file.text();
    const r = await action.run(() => paymentsApi.payoutResult(text));
    if (r) {
      setResult(r);
      props.onDone();
    }
  };
  return (
    <div className="card" data-testid="payout-files">
      <div className="card-title">{t('payments.refunds.payout.files')}</div>
      <p className="muted small">{t('payments.refunds.payout.filesIntro')}</p>
      <p className="actions">
        <button
          type="button"
          className="button small"
          data-testid="payout-file-make"
          disabled={action.busy}
          onClick={() => void make()}
        >
          {t('payments.refunds.payout.makeFile')}
        </button>
      </p>
      {made && (
        <p data-testid="payout-file-made">
          {made.lines === 0 ? (
            t('payments.refunds.payout.nothingToPay')
          ) : (
            <>
              {t('payments.refunds.payout.fileLines', { count: made.lines })} · <Yuan fen={made.totalFen} /> ·{' '}
              <a href={paymentsApi.payoutFileUrl(made.fileId)} download={made.fileName} data-testid="payout-file-link">
                {t('payments.refunds.payout.download')}
              </a>
            </>
          )}
        </p>
      )}
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          void upload();
        }}
      >
        <label>
          {t('payments.refunds.payout.resultFile')}
          <input
            type="file"
            accept=".csv,text/csv"
            data-testid="payout-result-file"
            onChange={(e) => setFile(e.target.files?.[0])}
          />
        </label>
        <button type="submit" className="button" data-testid="payout-result-submit" disabled={!file || action.busy}>
          {t('payments.refunds.payout.upload')}
        </button>
      </form>
      {result && (
        <p data-testid="payout-result">
          {t('payments.refunds.payout.resultSummary', {
            paid: result.paid,
            failed: result.failed,
            duplicates: result.duplicates,
          })}
        </p>
      )}
      {action.error && <ErrorMessage error={action.error} />}
    </div>
  );
}
