import { useTranslation } from 'react-i18next';
import { isStaff } from '../api/api-types.ts';
import { useSession } from '../auth/session-context.tsx';
import { Link } from '../router/link.tsx';
import { DataText } from './data-text.tsx';
import { LanguageSwitch } from './language-switch.tsx';

/** Navigation entries for a role: staff get the console, customers the portal. */
function useNavItems(): { to: string; label: string; testId: string }[] {
  const { t } = useTranslation();
  const { me } = useSession();
  if (isStaff(me.role)) {
    return [
      { to: '/console/search', label: t('nav.search'), testId: 'nav-search' },
      { to: '/console/orgs', label: t('nav.orgs'), testId: 'nav-orgs' },
      { to: '/console/payments', label: t('payments.nav.payments'), testId: 'nav-payments' },
      { to: '/console/metering/books', label: t('metering.nav.books'), testId: 'nav-metering-books' },
      { to: '/console/metering/vee', label: t('metering.nav.vee'), testId: 'nav-metering-vee' },
      { to: '/console/billing/runs', label: t('billing.nav.runs'), testId: 'nav-billing-runs' },
      { to: '/console/billing/queue', label: t('billing.nav.queue'), testId: 'nav-billing-queue' },
      { to: '/console/monitoring/pq', label: t('monitoring.nav.dashboard'), testId: 'nav-monitoring-pq' },
      { to: '/console/monitoring/risk', label: t('monitoring.nav.risk'), testId: 'nav-monitoring-risk' },
      { to: '/console/prepaid', label: t('prepaid.nav.console'), testId: 'nav-prepaid-console' },
      { to: '/console/alarms', label: t('alarms.nav.alarms'), testId: 'nav-alarms' },
    ];
  }
  const items = [
    { to: '/accounts', label: t('nav.myAccounts'), testId: 'nav-accounts' },
    { to: '/bills', label: t('billing.nav.bills'), testId: 'nav-bills' },
    { to: '/monitoring', label: t('monitoring.nav.report'), testId: 'nav-monitoring' },
    { to: '/prepaid', label: t('prepaid.nav.prepaid'), testId: 'nav-prepaid' },
    { to: '/inbox', label: t('prepaid.nav.inbox'), testId: 'nav-inbox' },
  ];
  items.push({ to: '/portal/payments/by-number', label: t('payments.nav.payByNumber'), testId: 'nav-pay-by-number' });
  if (me.role === 'group_admin') items.push({ to: '/group', label: t('nav.group'), testId: 'nav-group' });
  if (me.role === 'group_admin')
    items.push({ to: '/portal/payments/group', label: t('payments.nav.groupPay'), testId: 'nav-group-pay' });
  return items;
}

/** The bar on top of every signed-in page: product, navigation, user, language and logout. */
export function AppHeader(props: { active: string }) {
  const { t } = useTranslation();
  const { me, logout } = useSession();
  const items = useNavItems();
  return (
    <header className="app-header">
      <div className="header-row">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ⚡
          </span>
          <span>{t('app.name')}</span>
          <span className="brand-area">{isStaff(me.role) ? t('app.console') : t('app.portal')}</span>
        </div>
        <div className="user-box">
          <span className="user" data-testid="user-name">
            <DataText>{me.displayName}</DataText>
          </span>
          <span className="role-badge" data-testid="user-role" data-role={me.role}>
            {t(`roles.${me.role}`)}
          </span>
          <LanguageSwitch />
          <button type="button" className="button secondary small" data-testid="logout" onClick={() => void logout()}>
            {t('header.logout')}
          </button>
        </div>
      </div>
      <nav className="nav" aria-label={t('nav.label')}>
        {items.map((i) => (
          <Link key={i.to} to={i.to} testId={i.testId} className={props.active === i.to ? 'active' : ''}>
            {i.label}
          </Link>
        ))}
      </nav>
    </header>
  );
}
