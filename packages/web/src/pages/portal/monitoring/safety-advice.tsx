import { useTranslation } from 'react-i18next';
import { monitoringApi } from '../../../api/monitoring-api.ts';
import { useApi } from '../../../api/use-api.ts';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';

/** The account's latest safe-usage assessment in plain words: level, why, and what to do. */
export function SafetyAdvice(props: { accountId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const safety = useApi(() => monitoringApi.safety(props.accountId), `safety:${props.accountId}`);
  const s = safety.data;
  return (
    <section data-testid="safety-advice">
      <h3>{t('monitoring.safety.title')}</h3>
      {safety.loading && <Loading />}
      {safety.error && safety.error.code !== 'NOT_FOUND' && (
        <ErrorMessage error={safety.error} onRetry={safety.reload} />
      )}
      {safety.error?.code === 'NOT_FOUND' && <p className="muted">{t('monitoring.safety.none')}</p>}
      {s && (
        <>
          <p data-testid="safety-level" data-level={s.level}>
            {t('monitoring.safety.level', { level: t(`monitoring.level.${s.level}`), score: s.score, date: s.asOf })}
          </p>
          {s.reasons.length > 0 && (
            <ul>
              {s.reasons.map((r, i) => (
                <li key={i}>{r[lang]}</li>
              ))}
            </ul>
          )}
          <h4>{t('monitoring.safety.advice')}</h4>
          {s.advice.map((a, i) => (
            <article key={i} className="card" data-testid="safety-advice-item">
              <p>{a[lang]}</p>
            </article>
          ))}
        </>
      )}
    </section>
  );
}
