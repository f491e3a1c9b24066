import './billing.css';
import { useTranslation } from 'react-i18next';
import { billingApi, type BillDetail } from '../../../api/billing-api.ts';
import { useApi } from '../../../api/use-api.ts';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';
import { Link } from '../../../router/link.tsx';
import { BillLinesTable } from './bill-lines-table.tsx';

/** One bill: period, tariff, lines summing to the total, the PDF statement and the print view. */
export function BillPage(props: { billId: string }) {
  const { t } = useTranslation();
  const bill = useApi(() => billingApi.bill(props.billId), `bill:${props.billId}`);
  return (
    <section data-testid="bill-page">
      <h2>{t('billing.bill.title')}</h2>
      {bill.loading && <Loading />}
      {bill.error && <ErrorMessage error={bill.error} onRetry={bill.reload} />}
      {bill.data && (
        <>
          <BillFacts bill={bill.data} />
          <div className="bill-actions no-print">
            <a className="button" href={billingApi.pdfUrl(bill.data.id)} data-testid="bill-pdf" download>
              {t('billing.bill.pdf')}
            </a>
            <Link to={`/bills/${bill.data.id}/print`} className="button secondary" testId="bill-print">
              {t('billing.bill.print')}
            </Link>
          </div>
          <BillLinesTable bill={bill.data} />
        </>
      )}
    </section>
  );
}

/** The facts at the head of a bill and its statement. */
export function BillFacts(props: { bill: BillDetail }) {
  const { t, i18n } = useTranslation();
  const b = props.bill;
  return (
    <>
      <dl className="bill-facts">
        <dt>{t('billing.bills.account')}</dt>
        <dd className="mono">{b.accountNo}</dd>
        <dt>{t('billing.bills.cycle')}</dt>
        <dd>
          {b.cycle} <span className="tag">{t(`billing.status.${b.status}`)}</span>
          {b.estimated && <span className="tag">{t('billing.bills.estimated')}</span>}
        </dd>
        <dt>{t('billing.bill.period')}</dt>
        <dd>
          {b.periodFrom} – {b.periodTo} ({t('billing.bill.days', { count: b.days })})
        </dd>
        <dt>{t('billing.bill.tariff')}</dt>
        <dd>{i18n.language === 'en' ? b.tariffName.en : b.tariffName.zh}</dd>
        <dt>{t('billing.bills.energy')}</dt>
        <dd className="mono">{b.energyKwh}</dd>
        {b.powerFactor && (
          <>
            <dt>{t('billing.bill.powerFactor')}</dt>
            <dd className="mono">{b.powerFactor}</dd>
          </>
        )}
      </dl>
      {b.replacesBillId && <p className="muted small">{t('billing.bill.replaces', { id: b.replacesBillId })}</p>}
      {b.creditNote && (
        <p className="muted small" data-testid="bill-credited">
          {t('billing.bill.credited', {
            amount: b.creditNote.amount,
            id: b.creditNote.newBillId,
            reason: b.creditNote.reason,
          })}
        </p>
      )}
    </>
  );
}
