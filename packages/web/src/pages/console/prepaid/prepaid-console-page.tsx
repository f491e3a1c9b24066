import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/api-error.ts';
import { prepaidApi, yuan, type SettlementRunView } from '../../../api/prepaid-api.ts';
import { useApi } from '../../../api/use-api.ts';
import { DataText } from '../../../components/data-text.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';

/** Staff view of cost control: accounts near or past their lines, remote command status, and a settlement run. */
export function PrepaidConsolePage() {
  const { t } = useTranslation();
  const [band, setBand] = useState<'near' | 'past'>('past');
  const [tick, setTick] = useState(0);
  const accounts = useApi(() => prepaidApi.accounts(band), `${band}#${tick}`);
  const commands = useApi(() => prepaidApi.commands(), `commands#${tick}`);
  return (
    <section data-testid="prepaid-console">
      <h2>{t('prepaid.console.title')}</h2>
      <SettleForm onDone={() => setTick((n) => n + 1)} />
      {accounts.data && (
        <p className="muted" data-testid="prepaid-counts">
          {t('prepaid.console.counts', accounts.data.counts)}
        </p>
      )}
      <nav className="nav">
        {(['near', 'past'] as const).map((b) => (
          <button
            key={b}
            type="button"
            className={`button small ${band === b ? '' : 'secondary'}`}
            data-testid={`band-${b}`}
            onClick={() => setBand(b)}
          >
            {t(`prepaid.console.${b}`)}
          </button>
        ))}
        <button
          type="button"
          className="button small secondary"
          data-testid="prepaid-refresh"
          onClick={() => setTick((n) => n + 1)}
        >
          ↻
        </button>
      </nav>
      {accounts.loading && <Loading />}
      {accounts.error && <ErrorMessage error={accounts.error} onRetry={accounts.reload} />}
      {accounts.data && accounts.data.items.length === 0 && <p className="muted">{t('prepaid.console.empty')}</p>}
      {accounts.data && accounts.data.items.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th>{t('prepaid.console.account')}</th>
                <th>{t('prepaid.console.balance')}</th>
                <th>{t('prepaid.console.warning')}</th>
                <th>{t('prepaid.console.supply')}</th>
                <th>{t('prepaid.console.settled')}</th>
              </tr>
            </thead>
            <tbody>
              {accounts.data.items.map((a) => (
                <tr key={a.accountId} data-testid="prepaid-row" data-account={a.accountId} data-supply={a.supply}>
                  <td>
                    <DataText>{a.accountId}</DataText>
                  </td>
                  <td>{yuan(a.availableFen)}</td>
                  <td>{yuan(a.warningFen)}</td>
                  <td>{t(`prepaid.supply.${a.supply}`)}</td>
                  <td>{a.lastSettledDate ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>{t('prepaid.console.commands')}</h3>
      {commands.data && (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th>{t('prepaid.console.account')}</th>
                <th>{t('prepaid.console.action')}</th>
                <th>{t('prepaid.console.status')}</th>
                <th>{t('prepaid.console.attempts')}</th>
                <th>{t('prepaid.console.time')}</th>
              </tr>
            </thead>
            <tbody>
              {commands.data.map((c) => (
                <tr
                  key={c.id}
                  data-testid="command-row"
                  data-action={c.action}
                  data-status={c.status}
                  data-account={c.accountId}
                >
                  <td>
                    <DataText>{c.accountId}</DataText>
                  </td>
                  <td>{t(`prepaid.console.${c.action}`)}</td>
                  <td>{t(`prepaid.status.${c.status}`)}</td>
                  <td>{c.attempts}</td>
                  <td>{c.updatedAt.slice(0, 19).replace('T', ' ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function SettleForm(props: { onDone: () => void }) {
  const { t } = useTranslation();
  const [day, setDay] = useState('');
  const [result, setResult] = useState<SettlementRunView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    prepaidApi.settle(day).then(
      (r) => {
        setResult(r);
        props.onDone();
      },
      (err: unknown) => setError(err instanceof ApiError ? err : new ApiError('UNKNOWN', 0, String(err))),
    );
  };
  return (
    <form className="card" onSubmit={submit} data-testid="settle-form">
      <h3 className="card-title">{t('prepaid.console.settleTitle')}</h3>
      <label>
        {t('prepaid.console.settleDay')}{' '}
        <input type="date" data-testid="settle-day" value={day} onChange={(e) => setDay(e.target.value)} required />
      </label>{' '}
      <button type="submit" className="button" data-testid="settle-run">
        {t('prepaid.console.settle')}
      </button>
      {error && <ErrorMessage error={error} />}
      {result && (
        <p data-testid="settle-result" data-settled={result.settled}>
          {t('prepaid.console.settleDone', { ...result, charged: yuan(result.chargedFen) })}
        </p>
      )}
    </form>
  );
}
