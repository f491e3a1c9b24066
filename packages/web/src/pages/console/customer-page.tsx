import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/api-client.ts';
import type { CustomerDetail } from '../../api/api-types.ts';
import { useApi } from '../../api/use-api.ts';
import { AccountFacts } from '../../components/account-facts.tsx';
import { DataText } from '../../components/data-text.tsx';
import { ErrorMessage } from '../../components/error-message.tsx';
import { FieldList } from '../../components/field-list.tsx';
import { Loading } from '../../components/loading.tsx';
import { ServicePoints } from '../../components/service-points.tsx';
import { Link } from '../../router/link.tsx';

/** A customer's record for staff: contact data, accounts with service points and meters, group links. */
export function CustomerPage(props: { customerId: string }) {
  const { t } = useTranslation();
  const detail = useApi(() => api.customer(props.customerId), `customer:${props.customerId}`);
  return (
    <section data-testid="customer-page">
      <p>
        <a href="#/console/search" onClick={backToSearch} data-testid="back-to-search">
          ← {t('search.back')}
        </a>
      </p>
      <h2>{t('customer.title')}</h2>
      {detail.loading && <Loading />}
      {detail.error && <ErrorMessage error={detail.error} onRetry={detail.reload} />}
      {detail.data && <CustomerRecord detail={detail.data} />}
    </section>
  );
}

/** Goes back to the result list the user came from, if there was one. */
function backToSearch(e: MouseEvent) {
  if (window.history.length > 1) {
    e.preventDefault();
    window.history.back();
  }
}

function CustomerRecord(props: { detail: CustomerDetail }) {
  const { t } = useTranslation();
  const { customer: c, accounts, subsidiaries } = props.detail;
  return (
    <>
      <div className="card">
        <h3 data-testid="customer-name">
          <DataText>{c.name}</DataText>
        </h3>
        <FieldList
          fields={[
            { label: t('customer.type'), value: t(`customerType.${c.type}`) },
            { label: t('account.org'), value: <DataText>{c.orgName}</DataText> },
            { label: t('customer.phone'), value: <span className="mono">{c.phoneMasked}</span> },
            { label: t('account.address'), value: <DataText>{c.address}</DataText> },
          ]}
        />
        {c.parentId && (
          <p>
            <Link to={`/console/customers/${encodeURIComponent(c.parentId)}`} testId="parent-link">
              {t('customer.parent')}
            </Link>
          </p>
        )}
      </div>
      {subsidiaries.length > 0 && (
        <>
          <h3>{t('customer.subsidiaries')}</h3>
          <ul className="link-list" data-testid="customer-subsidiaries">
            {subsidiaries.map((s) => (
              <li key={s.id}>
                <Link to={`/console/customers/${encodeURIComponent(s.id)}`}>
                  <DataText>{s.name}</DataText>
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>{t('customer.accounts', { count: accounts.length })}</h3>
      {accounts.length === 0 && <p className="muted">{t('accounts.empty')}</p>}
      {accounts.map(({ account, servicePoints }) => (
        <section key={account.id} className="card account-block" data-testid="customer-account">
          <AccountFacts account={account} />
          <ServicePoints servicePoints={servicePoints} />
        </section>
      ))}
    </>
  );
}
