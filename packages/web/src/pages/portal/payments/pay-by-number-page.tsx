import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { paymentsApi, type AccountLookup } from '../../../api/payments-api.ts';
import { DataText } from '../../../components/data-text.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { useAction, Yuan } from '../../../components/payment-bits.tsx';
import { PayForm } from './pay-form.tsx';

/** Cross-region payment: any account by its number, with the holder's name masked for confirmation. */
export function PayByNumberPage() {
  const { t } = useTranslation();
  const [accountNo, setAccountNo] = useState('');
  const [found, setFound] = useState<AccountLookup | undefined>();
  const action = useAction();
  const find = async () => {
    setFound(undefined);
    const r = await action.run(() => paymentsApi.lookup(accountNo.trim()));
    if (r) setFound(r);
  };
  return (
    <section data-testid="pay-by-number-page">
      <h2>{t('payments.byNumber.title')}</h2>
      <p className="muted small">{t('payments.byNumber.intro')}</p>
      <form
        className="search-form pay-lookup"
        onSubmit={(e) => {
          e.preventDefault();
          void find();
        }}
      >
        <label>
          {t('payments.byNumber.accountNo')}
          <input data-testid="lookup-account-no" value={accountNo} onChange={(e) => setAccountNo(e.target.value)} />
        </label>
        <button
          type="submit"
          className="button"
          data-testid="lookup-submit"
          disabled={action.busy || !accountNo.trim()}
        >
          {t('payments.byNumber.find')}
        </button>
      </form>
      {action.error && <ErrorMessage error={action.error} />}
      {found && (
        <>
          <div className="card" data-testid="lookup-result">
            <div className="card-title">{t('payments.byNumber.confirmHolder')}</div>
            <dl className="fields">
              <div className="field">
                <dt>{t('payments.pay.account')}</dt>
                <dd>{found.accountNo}</dd>
              </div>
              <div className="field">
                <dt>{t('payments.pay.holder')}</dt>
                <dd>
                  <DataText testId="lookup-holder">{found.holderMasked}</DataText>
                </dd>
              </div>
              <div className="field">
                <dt>{t('payments.pay.org')}</dt>
                <dd>
                  <DataText>{found.orgName}</DataText>
                </dd>
              </div>
              <div className="field">
                <dt>{t('payments.summary.arrears')}</dt>
                <dd>
                  <Yuan fen={found.arrearsFen} />
                </dd>
              </div>
            </dl>
          </div>
          <PayForm key={found.accountNo} target={{ accountNo: found.accountNo }} suggestedFen={found.arrearsFen} />
        </>
      )}
    </section>
  );
}
