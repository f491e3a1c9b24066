import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { newIdempotencyKey, parseYuanToFen, paymentsApi, fenToYuan } from '../../../api/payments-api.ts';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { useAction } from '../../../components/payment-bits.tsx';

/** Sends the browser to the provider's confirm page; it comes back to the receipt page. */
export function goToProvider(payUrl: string): void {
  window.location.assign(payUrl);
}

/**
 * The amount box and the pay button for one account (by id or by number). The idempotency key is
 * made once per attempt, so pressing the button again after a network error cannot pay twice.
 */
export function PayForm(props: { target: { accountId: string } | { accountNo: string }; suggestedFen: number }) {
  const { t } = useTranslation();
  const [amount, setAmount] = useState(props.suggestedFen > 0 ? fenToYuan(props.suggestedFen) : '');
  const [attemptKey, setAttemptKey] = useState(newIdempotencyKey);
  const [payUrl, setPayUrl] = useState<string | undefined>();
  const [invalid, setInvalid] = useState(false);
  const action = useAction();
  const submit = async () => {
    const fen = parseYuanToFen(amount);
    setInvalid(fen === undefined);
    if (fen === undefined) return;
    const created = await action.run(() => paymentsApi.createOrder({ ...props.target, amountFen: fen }, attemptKey));
    if (!created) return;
    setPayUrl(created.payUrl);
    goToProvider(created.payUrl);
  };
  return (
    <form
      className="card pay-form"
      data-testid="pay-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label>
        {t('payments.pay.amount')}
        <input
          data-testid="pay-amount"
          inputMode="decimal"
          value={amount}
          onChange={(e) => {
            setAmount(e.target.value);
            // A different amount is a different payment: it needs its own key.
            setAttemptKey(newIdempotencyKey());
          }}
        />
      </label>
      {invalid && (
        <p className="alert" role="alert" data-testid="pay-amount-invalid">
          {t('payments.pay.badAmount')}
        </p>
      )}
      {action.error && <ErrorMessage error={action.error} />}
      <button type="submit" className="button" data-testid="pay-submit" disabled={action.busy || !!payUrl}>
        {action.busy ? t('payments.pay.busy') : t('payments.pay.submit')}
      </button>
      {payUrl && (
        <p className="muted" data-testid="pay-redirecting">
          {t('payments.pay.redirecting')} <a href={payUrl}>{t('payments.pay.openAgain')}</a>
        </p>
      )}
    </form>
  );
}
