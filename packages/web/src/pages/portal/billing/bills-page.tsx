import './billing.css';
import { useTranslation } from 'react-i18next';
import { billingApi } from '../../../api/billing-api.ts';
import { useApi } from '../../../api/use-api.ts';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';
import { Link } from '../../../router/link.tsx';

/** The customer's released bills, newest cycle first. */
export function BillsPage() {
  const { t } = useTranslation();
  const bills = useApi(() => billingApi.bills(), 'bills');
  return (
    <section data-testid="bills-page">
      <h2>{t('billing.bills.title')}</h2>
      {bills.loading && <Loading />}
      {bills.error && <ErrorMessage error={bills.error} onRetry={bills.reload} />}
      {bills.data && bills.data.items.length === 0 && <p className="muted">{t('billing.bills.empty')}</p>}
      {bills.data && bills.data.items.length > 0 && (
        <div className="table-scroll">
          <table className="bill-table">
            <thead>
              <tr>
                <th>{t('billing.bills.cycle')}</th>
                <th>{t('billing.bills.account')}</th>
                <th>{t('billing.bills.energy')}</th>
                <th>{t('billing.bills.total')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {bills.data.items.map((b) => (
                <tr key={b.id} data-testid="bill-row" data-bill={b.id}>
                  <td>
                    {b.cycle}
                    {b.revision > 0 ? ` (${b.revision})` : ''}
                  </td>
                  <td className="mono">{b.accountNo}</td>
                  <td className="mono">{b.energyKwh}</td>
                  <td className="mono">{b.total}</td>
                  <td>
                    <Link to={`/bills/${b.id}`} testId="bill-open">
                      {t('billing.bills.open')}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
