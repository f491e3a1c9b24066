import { useTranslation } from 'react-i18next';
import { api } from '../../api/api-client.ts';
import { useApi } from '../../api/use-api.ts';
import { AccountList } from '../../components/account-list.tsx';
import { DataText } from '../../components/data-text.tsx';
import { ErrorMessage } from '../../components/error-message.tsx';
import { Loading } from '../../components/loading.tsx';

/** For a group administrator: the group's subsidiaries, each with its accounts. */
export function GroupPage() {
  const { t } = useTranslation();
  const group = useApi(() => api.group(), 'group');
  return (
    <section data-testid="group-page">
      <h2>{t('group.title')}</h2>
      {group.loading && <Loading />}
      {group.error && <ErrorMessage error={group.error} onRetry={group.reload} />}
      {group.data && (
        <>
          <p>
            {t('group.name')}:{' '}
            <strong data-testid="group-name">
              <DataText>{group.data.group.name}</DataText>
            </strong>{' '}
            <span className="muted">({t('group.subsidiaryCount', { count: group.data.subsidiaries.length })})</span>
          </p>
          {group.data.subsidiaries.map((s) => (
            <section key={s.id} className="subsidiary" data-testid="subsidiary" data-subsidiary-id={s.id}>
              <h3>
                <DataText testId="subsidiary-name">{s.name}</DataText>{' '}
                <span className="muted small">{t('accounts.count', { count: s.accounts.length })}</span>
              </h3>
              <AccountList accounts={s.accounts} linkTo={(a) => `/accounts/${encodeURIComponent(a.id)}`} />
            </section>
          ))}
        </>
      )}
    </section>
  );
}
