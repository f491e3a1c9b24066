import { useTranslation } from 'react-i18next';
import { monitoringApi } from '../../../api/monitoring-api.ts';
import { daysBefore } from '../../../api/metering-api.ts';
import { useApi } from '../../../api/use-api.ts';
import { DataText } from '../../../components/data-text.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';
import { DipCurveChart } from './dip-curve-chart.tsx';

/** Days of events shown. */
const DAYS_SHOWN = 14;

/** Power-quality dashboard: events on their curves, compliance by category and area, recent records. */
export function PqDashboardPage() {
  const { t } = useTranslation();
  const from = daysBefore(DAYS_SHOWN);
  const to = daysBefore(-1);
  const dash = useApi(() => monitoringApi.dashboard(from, to), `pq:${from}:${to}`);
  const d = dash.data;
  return (
    <section data-testid="pq-dashboard-page">
      <h2>{t('monitoring.dashboard.title')}</h2>
      <p className="muted small">{t('monitoring.dashboard.intro', { days: DAYS_SHOWN })}</p>
      {dash.loading && <Loading />}
      {dash.error && <ErrorMessage error={dash.error} onRetry={dash.reload} />}
      {d && (
        <>
          <p data-testid="pq-event-count">
            {t('monitoring.dashboard.events', {
              count: d.events.length,
              outside: d.events.filter((e) => !e.inside).length,
            })}
          </p>
          <DipCurveChart curves={d.curves} events={d.events} />
          <h3>{t('monitoring.dashboard.compliance')}</h3>
          <div className="table-scroll">
            <table className="stack-table" data-testid="pq-compliance-table">
              <thead>
                <tr>
                  <th>{t('monitoring.dashboard.category')}</th>
                  <th>{t('monitoring.dashboard.area')}</th>
                  <th>{t('monitoring.dashboard.accounts')}</th>
                  <th>{t('monitoring.dashboard.compliant')}</th>
                  <th>{t('monitoring.dashboard.notCompliant')}</th>
                </tr>
              </thead>
              <tbody>
                {d.compliance.map((c) => (
                  <tr key={`${c.categoryId}|${c.orgId}`}>
                    <td data-label={t('monitoring.dashboard.category')}>{t(`monitoring.category.${c.categoryId}`)}</td>
                    <td data-label={t('monitoring.dashboard.area')}>
                      <DataText>{c.orgId}</DataText>
                    </td>
                    <td data-label={t('monitoring.dashboard.accounts')}>{c.accounts}</td>
                    <td data-label={t('monitoring.dashboard.compliant')}>{c.compliant}</td>
                    <td data-label={t('monitoring.dashboard.notCompliant')}>{c.notCompliant}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>{t('monitoring.dashboard.eventList')}</h3>
          <div className="table-scroll">
            <table className="stack-table" data-testid="pq-event-table">
              <thead>
                <tr>
                  <th>{t('monitoring.event.time')}</th>
                  <th>{t('monitoring.event.kind')}</th>
                  <th>{t('monitoring.event.account')}</th>
                  <th>{t('monitoring.event.magnitude')}</th>
                  <th>{t('monitoring.event.duration')}</th>
                  <th>{t('monitoring.event.curve')}</th>
                </tr>
              </thead>
              <tbody>
                {d.events.map((e, i) => (
                  <tr key={i} data-testid="pq-event-row" data-inside={String(e.inside)}>
                    <td data-label={t('monitoring.event.time')} className="mono">
                      {e.startAt.replace('T', ' ').slice(0, 19)}
                    </td>
                    <td data-label={t('monitoring.event.kind')}>{t(`monitoring.kind.${e.kind}`)}</td>
                    <td data-label={t('monitoring.event.account')}>
                      <DataText>{e.accountId ?? '—'}</DataText>
                    </td>
                    <td data-label={t('monitoring.event.magnitude')}>{e.extremePct.toFixed(1)}%</td>
                    <td data-label={t('monitoring.event.duration')}>{(e.durationS * 1000).toFixed(0)} ms</td>
                    <td data-label={t('monitoring.event.curve')}>
                      {e.inside ? t('monitoring.chart.inside') : t('monitoring.chart.outside')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
