// Small pieces shared by the portal's and the console's payment pages.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error.ts';
import { fenToYuan, type PaymentOrder } from '../api/payments-api.ts';
import { Link } from '../router/link.tsx';

/** An amount in fen shown as yuan with two decimals. */
export function Yuan(props: { fen: number; testId?: string }) {
  return (
    <span className="amount" data-testid={props.testId} data-fen={props.fen}>
      {fenToYuan(props.fen)}
    </span>
  );
}

/** An order's state as a coloured tag. */
export function OrderState(props: { state: string }) {
  const { t } = useTranslation();
  return (
    <span className={`status status-${props.state === 'paid' ? 'active' : 'closed'}`} data-state={props.state}>
      {t(`payments.state.${props.state}`, { defaultValue: props.state })}
    </span>
  );
}

/** A local date and time of an ISO instant, in the browser's zone. */
export const localTime = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '');

/** Runs one action at a time and keeps its error; the page shows both. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const run = async <T,>(work: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await work();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError('UNKNOWN', 0, String(e)));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, setError };
}

/** Orders as a table on wide screens and stacked cards on a phone. */
export function OrdersTable(props: { orders: PaymentOrder[]; receiptLink?: boolean }) {
  const { t } = useTranslation();
  return (
    <table className="stack-table" data-testid="orders-table">
      <thead>
        <tr>
          <th>{t('payments.history.date')}</th>
          <th>{t('payments.receipt.targets')}</th>
          <th>{t('payments.receipt.channel')}</th>
          <th>{t('payments.receipt.amount')}</th>
          <th>{t('payments.receipt.state')}</th>
          <th>{t('payments.receipt.receiptNo')}</th>
        </tr>
      </thead>
      <tbody>
        {props.orders.map((o) => (
          <tr key={o.id} data-testid="order-row" data-order-id={o.id}>
            <td data-label={t('payments.history.date')}>{localTime(o.paidAt ?? o.createdAt)}</td>
            <td data-label={t('payments.receipt.targets')}>
              <span data-i18n-skip="">{o.targets.map((x) => `${x.accountNo} ${x.holderMasked}`).join('; ')}</span>
            </td>
            <td data-label={t('payments.receipt.channel')}>{t(`payments.channel.${o.channel}`)}</td>
            <td data-label={t('payments.receipt.amount')}>
              <Yuan fen={o.amountFen} />
            </td>
            <td data-label={t('payments.receipt.state')}>
              <OrderState state={o.state} />
            </td>
            <td data-label={t('payments.receipt.receiptNo')}>
              {props.receiptLink ? (
                <Link to={`/portal/payments/receipt/${encodeURIComponent(o.id)}`} testId="order-open">
                  {o.receiptNo ?? t('payments.history.open')}
                </Link>
              ) : (
                (o.receiptNo ?? '')
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
