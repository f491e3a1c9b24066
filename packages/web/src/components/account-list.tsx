import { useTranslation } from 'react-i18next';
import type { AccountSummary } from '../api/api-types.ts';
import { Link } from '../router/link.tsx';
import { DataText } from './data-text.tsx';

/** Accounts as cards; each links to `linkTo(account)` when given. */
export function AccountList(props: { accounts: AccountSummary[]; linkTo?: (a: AccountSummary) => string }) {
  const { t } = useTranslation();
  if (props.accounts.length === 0) return <p className="muted">{t('accounts.empty')}</p>;
  return (
    <ul className="cards" data-testid="account-list">
      {props.accounts.map((a) => (
        <li key={a.id} className="card account-card" data-testid="account-card" data-account-id={a.id}>
          <div className="card-title">
            <span className="mono" data-testid="account-card-no">
              {a.accountNo}
            </span>
            <span className={`status status-${a.status}`}>{t(`accountStatus.${a.status}`)}</span>
          </div>
          <p>
            <DataText>{a.customerName}</DataText>
          </p>
          <p className="muted small">
            <DataText>{a.address}</DataText>
          </p>
          <p className="small">
            {t(`customerClass.${a.customerClass}`)} · {t(`paymentMode.${a.paymentMode}`)} · {a.voltageLevel}
          </p>
          {props.linkTo && (
            <Link to={props.linkTo(a)} className="button small" testId="account-open">
              {t('accounts.open')}
            </Link>
          )}
        </li>
      ))}
    </ul>
  );
}
