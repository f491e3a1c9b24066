// Small pieces shared by the alarm pages: tabs, severity tags, local times, texts given in both languages.
import { useTranslation } from 'react-i18next';
import { ALARM_ACTING_ROLES, type Diagnosis } from '../../../api/alarms-api.ts';
import { useSession } from '../../../auth/session-context.tsx';
import { Link } from '../../../router/link.tsx';

const TABS = [
  { to: '/console/alarms', key: 'board' },
  { to: '/console/alarms/work-orders', key: 'workOrders' },
  { to: '/console/alarms/cycles', key: 'cycles' },
  { to: '/console/alarms/figures', key: 'figures' },
] as const;

/** The alarm pages' tab row. */
export function AlarmTabs(props: { active: (typeof TABS)[number]['key'] }) {
  const { t } = useTranslation();
  return (
    <nav className="alarm-tabs" aria-label={t('alarms.tabs.label')}>
      {TABS.map((tab) => (
        <Link
          key={tab.key}
          to={tab.to}
          testId={`alarm-tab-${tab.key}`}
          className={props.active === tab.key ? 'active' : ''}
        >
          {t(`alarms.tabs.${tab.key}`)}
        </Link>
      ))}
    </nav>
  );
}

export function SeverityTag(props: { severity: string }) {
  const { t } = useTranslation();
  return (
    <span className={`tag sev sev-${props.severity}`} data-testid="alarm-severity" data-severity={props.severity}>
      {t(`alarms.severity.${props.severity}`)}
    </span>
  );
}

/** An instant in the browser's local time, short. */
export function When(props: { at: string | null }) {
  if (!props.at) return <span className="muted">—</span>;
  const d = new Date(props.at);
  return (
    <time dateTime={props.at} className="mono small">
      {d.toLocaleString('sv-SE', { hour12: false }).slice(0, 16)}
    </time>
  );
}

/** A text the API gives in both languages, shown in the user's. */
export function useBilingual(): (text: { zh: string; en: string }) => string {
  const { i18n } = useTranslation();
  return (text) => (i18n.language === 'en' ? text.en : text.zh);
}

export function DiagnosisText(props: { diagnosis: Diagnosis }) {
  const pick = useBilingual();
  return (
    <p className="alarm-diagnosis" data-testid="alarm-diagnosis" data-category={props.diagnosis.category}>
      {pick(props.diagnosis)}
    </p>
  );
}

/** Dispatchers and administrators act on alarms; other staff only read. */
export function useCanAct(): boolean {
  const { me } = useSession();
  return (ALARM_ACTING_ROLES as readonly string[]).includes(me.role);
}
