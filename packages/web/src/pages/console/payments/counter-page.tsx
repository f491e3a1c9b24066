import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  newIdempotencyKey,
  parseYuanToFen,
  paymentsApi,
  type AccountLookup,
  type PaymentOrder,
} from '../../../api/payments-api.ts';
import { DataText } from '../../../components/data-text.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { useAction, Yuan } from '../../../components/payment-bits.tsx';
import { PaymentsTabs } from './payments-tabs.tsx';

/** A cashier takes a payment for any account by number; the answer comes once it is posted. */
export function CounterPage() {
  const { t } = useTranslation();
  const [accountNo, setAccountNo] = useState('');
  const [found, setFound] = useState<AccountLookup | undefined>();
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState('');
  const [attemptKey, setAttemptKey] = useState(newIdempotencyKey);
  const [done, setDone] = useState<PaymentOrder | undefined>();
  const action = useAction();
  const reset = () => {
    setFound(undefined);
    setDone(undefined);
    setAmount('');
    setReference('');
    setAttemptKey(newIdempotencyKey());
  };
  const find = async () => {
    reset();
    const r = await action.run(() => paymentsApi.lookup(accountNo.trim()));
    if (r) setFound(r);
  };
  const fen = parseYuanToFen(amount);
  const take = async () => {
    if (!found || fen === undefined) return;
    const body = { accountNo: found.accountNo, amountFen: fen, ...(reference ? { reference } : {}) };
    const r = await action.run(() => paymentsApi.counter(body, attemptKey));
    if (r) setDone(r.order);
  };
  return (
    <section data-testid="counter-page">
      <PaymentsTabs active="counter" />
      <h2>{t('payments.counter.title')}</h2>
      <p className="muted small">{t('payments.counter.intro')}</p>
      <form
        className="search-form pay-lookup"
        onSubmit={(e) => {
          e.preventDefault();
          void find();
        }}
      >
        <label>
          {t('payments.byNumber.accountNo')}
          <input data-testid="counter-account-no" value={accountNo} onChange={(e) => setAccountNo(e.target.value)} />
        </label>
        <button type="submit" className="button secondary" data-testid="counter-find" disabled={!accountNo.trim()}>
          {t('payments.byNumber.find')}
        </button>
      </form>
      {action.error && <ErrorMessage error={action.error} />}
      {found && !done && (
        <form
          className="card"
          data-testid="counter-form"
          onSubmit={(e) => {
            e.preventDefault();
            void take();
          }}
        >
          <p>
            {found.accountNo} · <DataText testId="counter-holder">{found.holderMasked}</DataText> ·{' '}
            <DataText>{found.orgName}</DataText> · {t('payments.summary.arrears')} <Yuan fen={found.arrearsFen} />
          </p>
          <label>
            {t('payments.pay.amount')}
            <input
              data-testid="counter-amount"
              inputMode="decimal"
              value={amount}
              onChange={(e) => {
                setAmount(e.target.value);
                setAttemptKey(newIdempotencyKey());
              }}
            />
          </label>
          <label>
            {t('payments.counter.reference')}
            <input value={reference} onChange={(e) => setReference(e.target.value)} />
          </label>
          <button
            type="submit"
            className="button"
            data-testid="counter-submit"
            disabled={fen === undefined || action.busy}
          >
            {t('payments.counter.submit')}
          </button>
        </form>
      )}
      {done && (
        <div className="card" data-testid="counter-done">
          <p>{t('payments.counter.done', { receipt: done.receiptNo ?? done.id })}</p>
          <button type="button" className="button secondary" onClick={reset}>
            {t('payments.counter.another')}
          </button>
        </div>
      )}
    </section>
  );
}
