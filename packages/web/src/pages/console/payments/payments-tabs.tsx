import { useTranslation } from 'react-i18next';
import { Link } from '../../../router/link.tsx';

const TABS = [
  ['search', '/console/payments'],
  ['counter', '/console/payments/counter'],
  ['reconciliation', '/console/payments/reconciliation'],
  ['refunds', '/console/payments/refunds'],
] as const;

/** The payments area's own tabs under the console's navigation. */
export function PaymentsTabs(props: { active: (typeof TABS)[number][0] }) {
  const { t } = useTranslation();
  return (
    <nav className="nav sub-nav" aria-label={t('payments.nav.payments')}>
      {TABS.map(([name, to]) => (
        <Link key={name} to={to} testId={`pay-tab-${name}`} className={props.active === name ? 'active' : ''}>
          {t(`payments.tabs.${name}`)}
        </Link>
      ))}
    </nav>
  );
}
