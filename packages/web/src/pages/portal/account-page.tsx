import { useTranslation } from 'react-i18next';
import { api } from '../../api/api-client.ts';
import { useApi } from '../../api/use-api.ts';
import { AccountFacts } from '../../components/account-facts.tsx';
import { ErrorMessage } from '../../components/error-message.tsx';
import { Loading } from '../../components/loading.tsx';
import { ServicePoints } from '../../components/service-points.tsx';
import { Link } from '../../router/link.tsx';
import { AccountCharts } from './account-charts.tsx';
import { PaymentSummary } from './payments/payment-summary.tsx';

/** One account's overview: master data, reading book, service points and meters, charts. */
export function AccountPage(props: { accountId: string }) {
  const { t } = useTranslation();
  const detail = useApi(() => api.account(props.accountId), `account:${props.accountId}`);
  return (
    <section data-testid="account-page">
      <p>
        <Link to="/accounts" testId="back-to-accounts">
          ← {t('accounts.back')}
        </Link>
      </p>
      <h2>{t('account.title')}</h2>
      {detail.loading && <Loading />}
      {detail.error && <ErrorMessage error={detail.error} onRetry={detail.reload} />}
      {detail.data && (
        <>
          <div className="card">
            <AccountFacts account={detail.data.account} readingBook={detail.data.readingBook} />
          </div>
          <PaymentSummary accountId={props.accountId} />
          <AccountCharts accountId={props.accountId} servicePoints={detail.data.servicePoints} />
          <h3>{t('meters.title')}</h3>
          <ServicePoints servicePoints={detail.data.servicePoints} />
        </>
      )}
    </section>
  );
}
