import '../../portal/billing/billing.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { billingApi, type BillRun } from '../../../api/billing-api.ts';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';
import { percentOf, ProgressBar, type ProgressState } from '../../../components/progress-bar.tsx';
import { currentStage, cycleProgress, observedRun, reached, resultCounts, type LiveRun } from './bill-run-progress.ts';
import { useAction } from './use-action.ts';
import { useBillRuns } from './use-bill-runs.ts';

/** Waiting books named in the run's summary; the rest are counted. */
const WAITING_NAMED = 12;

/** Last month as YYYY-MM: the cycle usually being billed. */
function lastMonth(): string {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** Accounts and bills counted in the reader's language (thousands grouped). */
function useCount(): (n: number) => string {
  const { i18n } = useTranslation();
  return (n) => n.toLocaleString(i18n.language);
}

/**
 * Bill runs per reading book: simulate a month (demo), run, release, and each cycle's stage
 * timeline. While a run is in flight each book's bar and the whole run's bar move with every
 * committed chunk.
 */
export function BillRunsPage() {
  const { t } = useTranslation();
  const [cycle, setCycle] = useState(lastMonth());
  const [book, setBook] = useState('');
  const runs = useBillRuns();
  const action = useAction();
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(cycle);
  const shown = runs.live ?? (runs.rows && observedRun(runs.rows));
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
            void action.act(async () => {
              const res = await billingApi.simulate(cycle, book || undefined);
              runs.reload();
              return t('billing.runs.simulated', { count: res.accounts });
            })
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
            void action.act(async () => {
              await runs.start(cycle, book || undefined);
              return '';
            })
          }
        >
          {runs.live?.inFlight ? t('billing.runs.running') : t('billing.runs.run')}
        </button>
      </div>
      {action.busy && !runs.live?.inFlight && <Loading />}
      {action.message && (
        <p className="notice" data-testid="run-message">
          {action.message}
        </p>
      )}
      {action.error && <ErrorMessage error={action.error} />}
      {shown && <RunSummary live={shown} rows={runs.rows ?? []} />}
      {runs.pollError && shown?.inFlight && (
        <p className="muted small" data-testid="run-poll-error">
          {t('billing.runs.pollFailed')}
        </p>
      )}
      {!runs.rows && !runs.error && <Loading />}
      {runs.error && <ErrorMessage error={runs.error} onRetry={runs.reload} />}
      {runs.rows && runs.rows.length === 0 && <p className="muted">{t('billing.runs.empty')}</p>}
      {runs.rows?.map((r) => (
        <RunCard
          key={`${r.readingBookId}:${r.cycle}`}
          run={r}
          waiting={
            runs.live !== undefined &&
            runs.live.cycle === r.cycle &&
            runs.live.plan.some((b) => b.readingBookId === r.readingBookId) &&
            !reached(runs.live, r)
          }
          onReleased={runs.reload}
        />
      ))}
    </section>
  );
}

/** The whole run: accounts and books done over every book it bills, what waits, and how it ended. */
function RunSummary(props: { live: LiveRun; rows: readonly BillRun[] }) {
  const { t } = useTranslation();
  const count = useCount();
  const { live } = props;
  const p = cycleProgress(live, props.rows);
  const state: ProgressState = live.inFlight ? 'running' : live.results && !p.booksFailed ? 'done' : 'failed';
  const outcome = live.results && resultCounts(live.results);
  const named = p.waiting.slice(0, WAITING_NAMED).map((b) => `${b.readingBookId} (${count(b.accounts)})`);
  return (
    <article className="card run-summary" data-testid="run-summary" data-cycle={live.cycle} data-state={state}>
      <div className="vee-head">
        <strong>{t('billing.runs.summary.title', { cycle: live.cycle })}</strong>
        <span className="tag">{t(`billing.runs.summary.${state}`)}</span>
      </div>
      <ProgressBar
        done={p.accountsDone}
        total={p.accountsTotal}
        state={state}
        label={t('billing.runs.summary.label', { cycle: live.cycle })}
        testId="cycle-progress"
      />
      <p className="small" data-testid="cycle-progress-text">
        {t('billing.runs.summary.figures', {
          done: count(p.accountsDone),
          total: count(p.accountsTotal),
          percent: percentOf(p.accountsDone, p.accountsTotal),
          booksDone: p.booksDone,
          books: p.books,
        })}
      </p>
      {p.booksFailed > 0 && (
        <p className="alert" data-testid="run-books-failed">
          {t('billing.runs.summary.booksFailed', { count: p.booksFailed })}
        </p>
      )}
      {named.length > 0 && (
        <p className="muted small" data-testid="run-waiting">
          {t(live.inFlight ? 'billing.runs.summary.waiting' : 'billing.runs.summary.notRun')}: {named.join(', ')}
          {p.waiting.length > named.length &&
            ` ${t('billing.runs.summary.more', { count: p.waiting.length - named.length })}`}
        </p>
      )}
      {outcome && (
        <p className="notice" data-testid="run-result">
          {t('billing.runs.summary.result', {
            books: live.results!.length,
            passed: count(outcome.passed ?? 0),
            held: count(outcome.held ?? 0),
          })}
        </p>
      )}
    </article>
  );
}

function RunCard(props: { run: BillRun; waiting: boolean; onReleased: () => void }) {
  const { t } = useTranslation();
  const count = useCount();
  const r = props.run;
  const action = useAction();
  const releasable = (r.bills.passed ?? 0) + (r.bills.approved ?? 0);
  const state: ProgressState = props.waiting
    ? 'waiting'
    : r.status === 'running'
      ? 'running'
      : r.status === 'failed'
        ? 'failed'
        : 'done';
  // A book waiting its turn in a rerun still holds last run's figures: it starts again from none.
  const done = props.waiting ? 0 : r.accountsDone;
  const stage = currentStage(r);
  // A finished run always says how many bills passed and how many wait for the audit.
  const bills = r.status === 'calculated' ? { passed: 0, held: 0, ...r.bills } : r.bills;
  return (
    <article
      className="card"
      data-testid="bill-run"
      data-book={r.readingBookId}
      data-cycle={r.cycle}
      data-status={props.waiting ? 'waiting' : r.status}
    >
      <div className="vee-head">
        <strong className="mono">{r.readingBookId}</strong>
        <span className="mono">{r.cycle}</span>
        <span className="tag" data-testid="run-status">
          {t(`billing.runs.status.${props.waiting ? 'waiting' : r.status}`)}
        </span>
        {releasable > 0 && !r.bills.held && r.status !== 'running' && (
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
      <div className="run-progress">
        <ProgressBar
          done={done}
          total={r.accountsTotal}
          state={state}
          label={t('billing.runs.progressLabel', { book: r.readingBookId })}
          testId="run-progress"
        />
        <span className="small" data-testid="run-progress-text">
          {t('billing.runs.progress', {
            done: count(done),
            total: count(r.accountsTotal),
            percent: percentOf(done, r.accountsTotal),
          })}
          {stage && !props.waiting && (
            <span data-testid="run-stage-now" data-stage={stage.stage}>
              {' · '}
              {t(`billing.stage.${stage.stage}`)}
            </span>
          )}
        </span>
      </div>
      {r.status === 'failed' && !props.waiting && (
        <p className="alert" data-testid="run-error">
          {t('billing.runs.error')}: <span data-i18n-skip="">{r.error}</span>
        </p>
      )}
      <p className="small" data-testid="run-bills">
        {t('billing.runs.bills')}:{' '}
        {Object.entries(bills)
          .map(([k, v]) => `${t(`billing.status.${k}`)} ${count(v)}`)
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
