import { useState } from 'react';
import type { PrepaidPosition } from '../../../api/prepaid-api.ts';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/api-client.ts';
import { prepaidApi, yuan } from '../../../api/prepaid-api.ts';
import { useApi } from '../../../api/use-api.ts';
import { DataText } from '../../../components/data-text.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';
import { Link } from '../../../router/link.tsx';
import { PrepaidSettingsForm } from './prepaid-settings-form.tsx';

/** Smart payment (智能交费): balance, lines, supply, days-left forecast and the agreed settings of a prepaid account. */
export function PrepaidPage(props: { accountId?: string }) {
  const { t } = useTranslation();
  const accounts = useApi(() => api.accounts(), 'accounts');
  const prepaid = accounts.data?.filter((a) => a.paymentMode === 'prepaid') ?? [];
  const id = props.accountId ?? prepaid[0]?.id;
  return (
    <section data-testid="prepaid-page">
      <h2>{t('prepaid.page.title')}</h2>
      {accounts.loading && <Loading />}
      {accounts.error && <ErrorMessage error={accounts.error} onRetry={accounts.reload} />}
      {accounts.data && prepaid.length === 0 && <p className="muted">{t('prepaid.page.none')}</p>}
      {prepaid.length > 1 && (
        <nav className="nav" aria-label={t('prepaid.page.pick')}>
          {prepaid.map((a) => (
            <Link key={a.id} to={`/prepaid/${encodeURIComponent(a.id)}`} className={a.id === id ? 'active' : ''}>
              <DataText>{a.accountNo}</DataText>
            </Link>
          ))}
        </nav>
      )}
      {id && <PrepaidAccountView key={id} accountId={id} />}
    </section>
  );
}

function PrepaidAccountView(props: { accountId: string }) {
  const { t } = useTranslation();
  // After saving, the answer is the new position: shown without a reload, so the form stays.
  const [fresh, setFresh] = useState<PrepaidPosition | null>(null);
  const pos = useApi(() => prepaidApi.position(props.accountId), props.accountId);
  if (pos.loading && !fresh) return <Loading />;
  if (pos.error && !fresh) return <ErrorMessage error={pos.error} onRetry={pos.reload} />;
  const p = fresh ?? pos.data!;
  const f = p.forecast;
  return (
    <>
      <div className="cards">
        <article className="card" data-testid="prepaid-balance" data-fen={p.availableFen}>
          <h3 className="card-title">{t('prepaid.page.available')}</h3>
          <p className="big">{t('prepaid.page.yuan', { value: yuan(p.availableFen) })}</p>
          <p className="muted">
            {t('prepaid.page.lines', {
              warning: yuan(p.warningFen),
              stop: yuan(p.stopFen),
              restore: yuan(p.restoreFen),
            })}
          </p>
          <p data-testid="prepaid-supply" data-supply={p.supply}>
            {t('prepaid.page.supply')}: {t(`prepaid.supply.${p.supply}`)}
          </p>
          <p className="muted">
            {p.lastSettledDate
              ? t('prepaid.page.lastSettled', { date: p.lastSettledDate, amount: yuan(p.lastChargeFen) })
              : t('prepaid.page.neverSettled')}
          </p>
          {p.tripDeferredUntil && (
            <p className="muted">{t('prepaid.page.deferred', { at: p.tripDeferredUntil.slice(0, 16) })}</p>
          )}
        </article>
        <article className="card" data-testid="prepaid-forecast">
          <h3 className="card-title">{t('prepaid.forecast.title')}</h3>
          {f ? (
            <>
              <p className="big" data-testid="days-left" data-days={f.daysLeft}>
                {f.capped ? t('prepaid.forecast.capped') : t('prepaid.forecast.days', { count: f.daysLeft })}
              </p>
              {f.runsOutOn && <p>{t('prepaid.forecast.runsOut', { date: f.runsOutOn })}</p>}
              <p className="muted">
                {t('prepaid.forecast.daily', {
                  workday: yuan(f.dailyCostFen.workday),
                  weekend: yuan(f.dailyCostFen.weekend),
                })}
              </p>
            </>
          ) : (
            <p className="muted">{t('prepaid.forecast.none')}</p>
          )}
          <Link to={`/prepaid/${encodeURIComponent(p.accountId)}/advice`} testId="advice-link">
            {t('prepaid.page.adviceLink')}
          </Link>
        </article>
      </div>
      <PrepaidSettingsForm accountId={p.accountId} initial={p.settings} onSaved={setFresh} />
    </>
  );
}
