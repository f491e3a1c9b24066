import { useTranslation } from 'react-i18next';
import { api } from '../../../api/api-client.ts';
import { paymentsApi } from '../../../api/payments-api.ts';
import { useApi } from '../../../api/use-api.ts';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';
import { Yuan } from '../../../components/payment-bits.tsx';
import { Link } from '../../../router/link.tsx';
import { PayForm } from './pay-form.tsx';

/** Paying one of the user's accounts online: what is owed, the amount, then the provider's page. */
export function PayPage(props: { accountId: string }) {
  const { t } = useTranslation();
  const load = () => Promise.all([api.account(props.accountId), paymentsApi.overview(props.accountId)]);
  const data = useApi(load, `pay:${props.accountId}`);
  return (
    <section data-testid="pay-page">
      <p>
        <Link to={`/accounts/${encodeURIComponent(props.accountId)}`} testId="pay-back">
          ← {t('payments.pay.back')}
        </Link>
      </p>
      <h2>{t('payments.pay.title')}</h2>
      {data.loading && <Loading />}
      {data.error && <ErrorMessage error={data.error} onRetry={data.reload} />}
      {data.data && (
        <>
          <div className="card">
            <p>
              {t('payments.pay.account')}:{' '}
              <strong data-testid="pay-account-no">{data.data[0].account.accountNo}</strong>
            </p>
            <p>
              {t('payments.summary.arrears')}: <Yuan fen={data.data[1].arrearsFen} testId="pay-arrears" />
            </p>
            <h3>{t('payments.pay.openItems')}</h3>
            {data.data[1].openItems.length === 0 ? (
              <p className="muted">{t('payments.pay.noOpen')}</p>
            ) : (
              <ul className="link-list">
                {data.data[1].openItems.map((i) => (
                  <li key={i.ref}>
                    <span data-i18n-skip="">{i.ref}</span> · {t('payments.pay.dueDate')} {i.dueDate} ·{' '}
                    <Yuan fen={i.openFen} />
                  </li>
                ))}
              </ul>
            )}
          </div>
          <PayForm target={{ accountId: props.accountId }} suggestedFen={data.data[1].arrearsFen} />
        </>
      )}
    </section>
  );
}
