import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { paymentsApi, type PaymentOrder, type PaymentSearch } from '../../../api/payments-api.ts';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { OrdersTable, useAction } from '../../../components/payment-bits.tsx';
import { PaymentsTabs } from './payments-tabs.tsx';

/** Staff search over payments, limited by the server to the user's branch subtree. */
export function PaymentSearchPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState<PaymentSearch>({});
  const [items, setItems] = useState<PaymentOrder[] | undefined>();
  const action = useAction();
  const set = (k: keyof PaymentSearch) => (e: { target: { value: string } }) => setQ({ ...q, [k]: e.target.value });
  const search = async () => {
    const r = await action.run(() => paymentsApi.search(q));
    if (r) setItems(r);
  };
  return (
    <section data-testid="payment-search-page">
      <PaymentsTabs active="search" />
      <h2>{t('payments.search.title')}</h2>
      <p className="muted small">{t('payments.search.intro')}</p>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <label>
          {t('payments.search.accountNo')}
          <input data-testid="ps-account-no" value={q.accountNo ?? ''} onChange={set('accountNo')} />
        </label>
        <label>
          {t('payments.search.ref')}
          <input data-testid="ps-ref" value={q.ref ?? ''} onChange={set('ref')} />
        </label>
        <label>
          {t('payments.search.from')}
          <input type="date" value={q.from ?? ''} onChange={set('from')} />
        </label>
        <label>
          {t('payments.search.to')}
          <input type="date" value={q.to ?? ''} onChange={set('to')} />
        </label>
        <label>
          {t('payments.search.channel')}
          <select value={q.channel ?? ''} onChange={set('channel')}>
            <option value="">{t('payments.search.any')}</option>
            {['online', 'counter', 'bank'].map((c) => (
              <option key={c} value={c}>
                {t(`payments.channel.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('payments.search.state')}
          <select value={q.state ?? ''} onChange={set('state')}>
            <option value="">{t('payments.search.any')}</option>
            {['created', 'paid', 'closed'].map((s) => (
              <option key={s} value={s}>
                {t(`payments.state.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button" data-testid="ps-submit" disabled={action.busy}>
          {t('payments.search.submit')}
        </button>
      </form>
      {action.error && <ErrorMessage error={action.error} />}
      {items && items.length === 0 && <p className="muted">{t('payments.search.empty')}</p>}
      {items && items.length > 0 && <OrdersTable orders={items} />}
    </section>
  );
}
