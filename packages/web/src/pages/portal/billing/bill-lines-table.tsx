import { useTranslation } from 'react-i18next';
import type { BillDetail } from '../../../api/billing-api.ts';

/** The lines of a bill with the total, net and VAT; quantities with their units. */
export function BillLinesTable(props: { bill: BillDetail }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const b = props.bill;
  return (
    <div className="table-scroll">
      <table className="bill-table" data-testid="bill-lines">
        <thead>
          <tr>
            <th>{t('billing.bill.item')}</th>
            <th>{t('billing.bill.quantity')}</th>
            <th>{t('billing.bill.unitPrice')}</th>
            <th>{t('billing.bill.amount')}</th>
          </tr>
        </thead>
        <tbody>
          {b.lines.map((l) => (
            <tr key={l.code} data-testid="bill-line" data-code={l.code}>
              <td>{en ? l.label.en : l.label.zh}</td>
              <td className="mono">
                {l.quantity} {t(`billing.units.${l.unit}`, { defaultValue: l.unit })}
              </td>
              <td className="mono">{l.priceUnit === 'percent' ? `${l.unitPrice}%` : l.unitPrice}</td>
              <td className="mono">{l.amount}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td>{t('billing.bill.totalLine')}</td>
            <td />
            <td />
            <td className="mono" data-testid="bill-total">
              {b.total}
            </td>
          </tr>
          <tr>
            <td>{t('billing.bill.net')}</td>
            <td />
            <td />
            <td className="mono">{b.net}</td>
          </tr>
          <tr>
            <td>{t('billing.bill.tax')}</td>
            <td />
            <td />
            <td className="mono">{b.tax}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
