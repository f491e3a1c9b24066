import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { paymentsApi, type PaymentOrder, type PaymentOverview } from '../../../api/payments-api.ts';
import { ApiError } from '../../../api/api-error.ts';
import { DataText } from '../../../components/data-text.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';
import { localTime, OrderState, Yuan } from '../../../components/payment-bits.tsx';

/** How often the page asks whether a waiting order was paid, and how many times before it stops. */
const POLL_INTERVAL_MS = 1_000;
const POLL_MAX = 90;
/** Every this many polls the server is asked to query the provider, in case its callback was lost. */
const QUERY_EVERY = 10;

/** Polls an order until it is paid or closed (or the poll budget is spent); returns what it knows. */
function useSettledOrder(id: string) {
  const [order, setOrder] = useState<PaymentOrder | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [gaveUp, setGaveUp] = useState(false);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async (n: number) => {
      try {
        const o = n > 0 && n % QUERY_EVERY === 0 ? await paymentsApi.queryOrder(id) : await paymentsApi.order(id);
        if (!live) return;
        setOrder(o);
        setError(undefined);
        if (o.state !== 'created') return;
      } catch (e) {
        if (!live) return;
        setError(e instanceof ApiError ? e : new ApiError('UNKNOWN', 0, String(e)));
        if (e instanceof ApiError && (e.code === 'NOT_FOUND' || e.code === 'UNAUTHENTICATED')) return;
      }
      if (n + 1 >= POLL_MAX) setGaveUp(true);
      else timer = setTimeout(() => void poll(n + 1), POLL_INTERVAL_MS);
    };
    setGaveUp(false);
    void poll(0);
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [id, round]);
  return { order, error, gaveUp, retry: () => setRound((r) => r + 1) };
}

/** The printable receipt of an order; while the provider has not confirmed it, a waiting notice. */
export function ReceiptPage(props: { orderId: string }) {
  const { t } = useTranslation();
  const { order, error, gaveUp, retry } = useSettledOrder(props.orderId);
  const [balances, setBalances] = useState<PaymentOverview[]>([]);
  const paid = order?.state === 'paid';
  useEffect(() => {
    if (!paid || !order) return;
    Promise.all(order.targets.map((x) => paymentsApi.overview(x.accountId))).then(setBalances, () => setBalances([]));
  }, [paid, order]);
  return (
    <section data-testid="receipt-page" data-state={order?.state ?? 'loading'}>
      <h2>{t('payments.receipt.title')}</h2>
      {!order && !error && <Loading />}
      {error && <ErrorMessage error={error} onRetry={retry} />}
      {order?.state === 'created' && (
        <p className="muted" role="status" data-testid="receipt-waiting">
          {gaveUp ? t('payments.receipt.stillWaiting') : t('payments.receipt.waiting')}{' '}
          {gaveUp && (
            <button type="button" className="button secondary small" onClick={retry}>
              {t('payments.receipt.refresh')}
            </button>
          )}
        </p>
      )}
      {order?.state === 'closed' && <p className="alert">{t('payments.receipt.closed')}</p>}
      {order && (
        <div className="card receipt" data-testid="receipt">
          <dl className="fields">
            <Field label={t('payments.receipt.receiptNo')} testId="receipt-no" value={order.receiptNo ?? '—'} />
            <Field label={t('payments.receipt.orderId')} value={order.id} />
            <Field label={t('payments.receipt.txn')} value={order.providerTxnId ?? '—'} />
            <div className="field">
              <dt>{t('payments.receipt.amount')}</dt>
              <dd>
                <Yuan fen={order.amountFen} testId="receipt-amount" />
              </dd>
            </div>
            <Field label={t('payments.receipt.paidAt')} value={localTime(order.paidAt) || '—'} />
            <Field label={t('payments.receipt.channel')} value={t(`payments.channel.${order.channel}`)} />
            <div className="field">
              <dt>{t('payments.receipt.state')}</dt>
              <dd>
                <OrderState state={order.state} />
              </dd>
            </div>
          </dl>
          <h3>{t('payments.receipt.targets')}</h3>
          <ul className="link-list">
            {order.targets.map((x) => {
              const b = balances.find((o) => o.accountId === x.accountId);
              return (
                <li key={x.accountId} data-testid="receipt-target" data-account-id={x.accountId}>
                  {x.accountNo} <DataText>{x.holderMasked}</DataText> · <Yuan fen={x.amountFen} />
                  {b && (
                    <>
                      {' '}
                      · {t('payments.receipt.balanceAfter')}: <Yuan fen={b.balanceFen} testId="receipt-balance" />
                    </>
                  )}
                </li>
              );
            })}
          </ul>
          {paid && (
            <button
              type="button"
              className="button secondary no-print"
              data-testid="receipt-print"
              onClick={() => window.print()}
            >
              {t('payments.receipt.print')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

function Field(props: { label: string; value: string; testId?: string }) {
  return (
    <div className="field">
      <dt>{props.label}</dt>
      <dd data-testid={props.testId}>{props.value}</dd>
    </div>
  );
}
