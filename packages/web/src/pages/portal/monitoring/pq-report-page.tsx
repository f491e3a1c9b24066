import { useTranslation } from 'react-i18next';
import { api } from '../../../api/api-client.ts';
import { monitoringApi } from '../../../api/monitoring-api.ts';
import { useApi } from '../../../api/use-api.ts';
import { DataText } from '../../../components/data-text.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';
import { Link } from '../../../router/link.tsx';
import { DipCurveChart } from '../../console/monitoring/dip-curve-chart.tsx';
import { SafetyAdvice } from './safety-advice.tsx';

/** The customer's own power-quality report of last week and safe-usage advice, per account. */
export function PqReportPage(props: { accountId?: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const accounts = useApi(() => api.accounts(), 'accounts');
  const accountId = props.accountId ?? accounts.data?.[0]?.id;
  const report = useApi(
    () => (accountId ? monitoringApi.weekly(accountId) : Promise.resolve(undefined)),
    `pq:${accountId}`,
  );
  const r = report.data;
  return (
    <section data-testid="pq-report-page">
      <h2>{t('monitoring.report.title')}</h2>
      {accounts.data && accounts.data.length > 1 && (
        <nav className="tabs">
          {accounts.data.map((a) => (
            <Link
              key={a.id}
              to={`/monitoring/${encodeURIComponent(a.id)}`}
              className={a.id === accountId ? 'active' : ''}
            >
              <DataText>{a.accountNo}</DataText>
            </Link>
          ))}
        </nav>
      )}
      {(accounts.loading || report.loading) && <Loading />}
      {report.error && <ErrorMessage error={report.error} onRetry={report.reload} />}
      {r && (
        <>
          <p className="muted small">
            {t('monitoring.report.week', { week: r.weekStart })} · {r.category[lang]} · {r.limitSetName[lang]}
          </p>
          <article className="card" data-testid="pq-explanation">
            <p>{r.explanation[lang]}</p>
          </article>
          <div className="table-scroll">
            <table className="stack-table" data-testid="pq-report-table">
              <thead>
                <tr>
                  <th>{t('monitoring.report.quantity')}</th>
                  <th>{t('monitoring.report.value')}</th>
                  <th>{t('monitoring.report.limit')}</th>
                  <th>{t('monitoring.report.result')}</th>
                </tr>
              </thead>
              <tbody>
                {r.compliance.map((c) => (
                  <tr key={`${c.quantity}:${c.order ?? ''}`}>
                    <td data-label={t('monitoring.report.quantity')}>
                      {t(`monitoring.quantity.${c.quantity}`)}
                      {c.order ? ` (${c.order})` : ''}
                    </td>
                    <td data-label={t('monitoring.report.value')}>{c.value === null ? '—' : c.value.toFixed(2)}</td>
                    <td data-label={t('monitoring.report.limit')}>
                      {c.min !== null ? `${c.min} … ` : ''}
                      {c.max ?? ''}
                    </td>
                    <td data-label={t('monitoring.report.result')}>
                      {c.pass === null
                        ? t('monitoring.report.notJudged')
                        : c.pass
                          ? t('monitoring.report.pass')
                          : t('monitoring.report.fail')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>{t('monitoring.report.events', { count: r.events.length })}</h3>
          <DipCurveChart curves={[r.curve]} events={r.events} testId="report-curve-chart" />
        </>
      )}
      {accountId && <SafetyAdvice accountId={accountId} />}
    </section>
  );
}
