import { useTranslation } from 'react-i18next';
import { api } from '../../api/api-client.ts';
import { useApi } from '../../api/use-api.ts';
import { AccountList } from '../../components/account-list.tsx';
import { ErrorMessage } from '../../components/error-message.tsx';
import { Loading } from '../../components/loading.tsx';

/** "My accounts": every account the signed-in customer (or group administrator) may see. */
export function AccountsPage() {
  const { t } = useTranslation();
  const accounts = useApi(() => api.accounts(), 'accounts');
  return (
    <section data-testid="accounts-page">
      <h2>{t('accounts.title')}</h2>
      {accounts.loading && <Loading />}
      {accounts.error && <ErrorMessage error={accounts.error} onRetry={accounts.reload} />}
      {accounts.data && (
        <>
          <p className="muted" data-testid="accounts-count">
            {t('accounts.count', { count: accounts.data.length })}
          </p>
          <AccountList accounts={accounts.data} linkTo={(a) => `/accounts/${encodeURIComponent(a.id)}`} />
        </>
      )}
    </section>
  );
}
