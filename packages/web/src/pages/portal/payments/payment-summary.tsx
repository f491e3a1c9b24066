import { useTranslation } from 'react-i18next';
import { useApi } from '../../../api/use-api.ts';
import { paymentsApi } from '../../../api/payments-api.ts';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';
import { Yuan } from '../../../components/payment-bits.tsx';
import { Link } from '../../../router/link.tsx';

/** On the account overview: payment status, balance, payments this month, and the way to pay. */
export function PaymentSummary(props: { accountId: string }) {
  const { t } = useTranslation();
  const o = useApi(() => paymentsApi.overview(props.accountId), `pay-overview:${props.accountId}`);
  const id = encodeURIComponent(props.accountId);
  return (
    <div className="card" data-testid="payment-summary">
      <div className="card-title">
        <span>{t('payments.summary.title')}</span>
        {o.data && (
          <span
            className={`status status-${o.data.status === 'paid_up' ? 'active' : 'closed'}`}
            data-testid="pay-status"
            data-status={o.data.status}
          >
            {t(`payments.status.${o.data.status}`)}
          </span>
        )}
      </div>
      {o.loading && <Loading />}
      {o.error && <ErrorMessage error={o.error} onRetry={o.reload} />}
      {o.data && (
        <dl className="fields">
          <div className="field">
            <dt>{t('payments.summary.balance')}</dt>
            <dd>
              <Yuan fen={o.data.balanceFen} testId="pay-balance" />
            </dd>
          </div>
          <div className="field">
            <dt>{t('payments.summary.arrears')}</dt>
            <dd>
              <Yuan fen={o.data.arrearsFen} testId="pay-arrears" />
            </dd>
          </div>
          <div className="field">
            <dt>{t('payments.summary.thisMonth')}</dt>
            <dd data-testid="pay-count-month">{o.data.paymentsThisMonth}</dd>
          </div>
        </dl>
      )}
      <p className="actions">
        <Link to={`/portal/payments/pay/${id}`} className="button" testId="pay-open">
          {t('payments.summary.pay')}
        </Link>{' '}
        <Link to={`/portal/payments/history/${id}`} className="button secondary" testId="pay-history-open">
          {t('payments.summary.history')}
        </Link>
      </p>
    </div>
  );
}
