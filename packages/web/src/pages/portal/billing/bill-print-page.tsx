import './billing.css';
import { useTranslation } from 'react-i18next';
import { billingApi } from '../../../api/billing-api.ts';
import { useApi } from '../../../api/use-api.ts';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';
import { BillFacts } from './bill-page.tsx';
import { BillLinesTable } from './bill-lines-table.tsx';

/** The bill laid out for paper: the header and buttons are hidden when printing. */
export function BillPrintPage(props: { billId: string }) {
  const { t } = useTranslation();
  const bill = useApi(() => billingApi.bill(props.billId), `bill:${props.billId}`);
  return (
    <section className="print-sheet" data-testid="bill-print-page">
      {bill.loading && <Loading />}
      {bill.error && <ErrorMessage error={bill.error} onRetry={bill.reload} />}
      {bill.data && (
        <>
          <div className="bill-actions no-print">
            <button type="button" className="button" onClick={() => window.print()}>
              {t('billing.bill.printNow')}
            </button>
          </div>
          <h2>{t('billing.bill.statement')}</h2>
          <p className="muted small">{t('billing.bill.customerCopy')}</p>
          <BillFacts bill={bill.data} />
          <BillLinesTable bill={bill.data} />
          <p className="muted small mono">{bill.data.id}</p>
        </>
      )}
    </section>
  );
}
