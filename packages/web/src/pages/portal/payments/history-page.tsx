import { useTranslation } from 'react-i18next';
import { paymentsApi } from '../../../api/payments-api.ts';
import { useApi } from '../../../api/use-api.ts';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';
import { OrdersTable } from '../../../components/payment-bits.tsx';
import { Link } from '../../../router/link.tsx';

/** Payments into one account, newest first, each opening its receipt. */
export function HistoryPage(props: { accountId: string }) {
  const { t } = useTranslation();
  const list = useApi(() => paymentsApi.history(props.accountId), `pay-history:${props.accountId}`);
  return (
    <section data-testid="pay-history-page">
      <p>
        <Link to={`/accounts/${encodeURIComponent(props.accountId)}`}>← {t('payments.pay.back')}</Link>
      </p>
      <h2>{t('payments.history.title')}</h2>
      {list.loading && <Loading />}
      {list.error && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {list.data && list.data.length === 0 && <p className="muted">{t('payments.history.empty')}</p>}
      {list.data && list.data.length > 0 && <OrdersTable orders={list.data} receiptLink />}
    </section>
  );
}
