import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { monitoringApi } from '../../../api/monitoring-api.ts';
import { useApi } from '../../../api/use-api.ts';
import type { ApiError } from '../../../api/api-error.ts';
import { DataText } from '../../../components/data-text.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';

/** Safe-usage risk list: each account's latest score with the reasons behind it. */
export function RiskListPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const risks = useApi(() => monitoringApi.risks(), 'risks');
  const [running, setRunning] = useState(false);
  const [runError, setRunError] = useState<ApiError>();
  const run = async () => {
    setRunning(true);
    setRunError(undefined);
    try {
      await monitoringApi.runRisk();
      risks.reload();
    } catch (e) {
      setRunError(e as ApiError);
    } finally {
      setRunning(false);
    }
  };
  return (
    <section data-testid="risk-list-page">
      <h2>{t('monitoring.risk.title')}</h2>
      <p className="muted small">{t('monitoring.risk.intro')}</p>
      <button
        type="button"
        className="button secondary small"
        disabled={running}
        onClick={() => void run()}
        data-testid="risk-run"
      >
        {running ? t('monitoring.risk.running') : t('monitoring.risk.run')}
      </button>
      {runError && <ErrorMessage error={runError} />}
      {risks.loading && <Loading />}
      {risks.error && <ErrorMessage error={risks.error} onRetry={risks.reload} />}
      {risks.data && risks.data.length === 0 && <p className="muted">{t('monitoring.risk.empty')}</p>}
      {risks.data && risks.data.length > 0 && (
        <div className="table-scroll">
          <table className="stack-table" data-testid="risk-table">
            <thead>
              <tr>
                <th>{t('monitoring.event.account')}</th>
                <th>{t('monitoring.risk.score')}</th>
                <th>{t('monitoring.risk.level')}</th>
                <th>{t('monitoring.risk.reasons')}</th>
              </tr>
            </thead>
            <tbody>
              {risks.data.map((r) => (
                <tr key={r.accountId} data-testid="risk-row" data-level={r.level}>
                  <td data-label={t('monitoring.event.account')}>
                    <DataText>{r.accountId}</DataText> <span className="muted small mono">{r.asOf}</span>
                  </td>
                  <td data-label={t('monitoring.risk.score')}>{r.score}</td>
                  <td data-label={t('monitoring.risk.level')}>{t(`monitoring.level.${r.level}`)}</td>
                  <td data-label={t('monitoring.risk.reasons')}>
                    {r.reasons.length === 0 ? t('monitoring.risk.none') : r.reasons.map((x) => x[lang]).join(' ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
