import '../../portal/billing/billing.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { billingApi, type BillRun } from '../../../api/billing-api.ts';
import { useApi } from '../../../api/use-api.ts';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';
import { useAction } from './use-action.ts';

/** Last month as YYYY-MM: the cycle usually being billed. */
function lastMonth(): string {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** Bill runs per reading book: simulate a month (demo), run, release, and each cycle's stage timeline. */
export function BillRunsPage() {
  const { t } = useTranslation();
  const [cycle, setCycle] = useState(lastMonth());
  const [book, setBook] = useState('');
  const runs = useApi(() => billingApi.runs(), 'bill-runs');
  const action = useAction();
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(cycle);
  const then = (text: string) => {
    runs.reload();
    return text;
  };
  return (
    <section data-testid="bill-runs-page">
      <h2>{t('billing.runs.title')}</h2>
      <p className="muted small">{t('billing.runs.intro')}</p>
      <div className="billing-form">
        <label>
          {t('billing.runs.cycle')}
          <input
            value={cycle}
            onChange={(e) => setCycle(e.target.value)}
            data-testid="run-cycle"
            placeholder="2026-10"
          />
        </label>
        <label>
          {t('billing.runs.book')}
          <input
            value={book}
            onChange={(e) => setBook(e.target.value)}
            data-testid="run-book"
            placeholder="rb-620524-01"
          />
        </label>
        <button
          type="button"
          className="button secondary"
          disabled={!valid || action.busy}
          data-testid="run-simulate"
          onClick={() =>
            void action.act(async () =>
              then(
                t('billing.runs.simulated', { count: (await billingApi.simulate(cycle, book || undefined)).accounts }),
              ),
            )
          }
        >
          {t('billing.runs.simulate')}
        </button>
        <button
          type="button"
          className="button"
          disabled={!valid || action.busy}
          data-testid="run-start"
          onClick={() =>
            void action.act(async () =>
              then(t('billing.runs.ran', { count: (await billingApi.run(cycle, book || undefined)).items.length })),
            )
          }
        >
          {t('billing.runs.run')}
        </button>
      </div>
      {action.busy && <Loading />}
      {action.message && (
        <p className="notice" data-testid="run-message">
          {action.message}
        </p>
      )}
      {action.error && <ErrorMessage error={action.error} />}
      {runs.loading && <Loading />}
      {runs.error && <ErrorMessage error={runs.error} onRetry={runs.reload} />}
      {runs.data && runs.data.items.length === 0 && <p className="muted">{t('billing.runs.empty')}</p>}
      {runs.data?.items.map((r) => (
        <RunCard key={`${r.readingBookId}:${r.cycle}`} run={r} onReleased={runs.reload} />
      ))}
    </section>
  );
}

function RunCard(props: { run: BillRun; onReleased: () => void }) {
  const { t } = useTranslation();
  const r = props.run;
  const action = useAction();
  const releasable = (r.bills.passed ?? 0) + (r.bills.approved ?? 0);
  return (
    <article className="card" data-testid="bill-run" data-book={r.readingBookId} data-cycle={r.cycle}>
      <div className="vee-head">
        <strong className="mono">{r.readingBookId}</strong>
        <span className="mono">{r.cycle}</span>
        <span className="tag">{r.status}</span>
        <span className="muted small">
          {t('billing.runs.progress', { done: r.accountsDone, total: r.accountsTotal })}
        </span>
        {releasable > 0 && !r.bills.held && (
          <button
            type="button"
            className="button small"
            disabled={action.busy}
            data-testid="run-release"
            onClick={() =>
              void action.act(async () => {
                const res = await billingApi.release(r.readingBookId, r.cycle);
                props.onReleased();
                return t('billing.runs.released', { count: res.released });
              })
            }
          >
            {t('billing.runs.release')}
          </button>
        )}
      </div>
      <p className="small" data-testid="run-bills">
        {t('billing.runs.bills')}:{' '}
        {Object.entries(r.bills)
          .map(([k, v]) => `${t(`billing.status.${k}`)} ${v}`)
          .join(' · ')}
      </p>
      <ol className="stage-timeline" aria-label={t('billing.runs.timeline')}>
        {r.stages.map((s) => (
          <li
            key={s.stage}
            className={s.outcome ?? 'running'}
            title={`${s.actor} ${s.startedAt}${s.endedAt ? ` → ${s.endedAt}` : ''}`}
            data-testid="run-stage"
            data-stage={s.stage}
            data-outcome={s.outcome ?? 'running'}
          >
            {t(`billing.stage.${s.stage}`)} · {s.actor}
          </li>
        ))}
      </ol>
      {action.message && <p className="notice">{action.message}</p>}
      {action.error && <ErrorMessage error={action.error} />}
    </article>
  );
}
