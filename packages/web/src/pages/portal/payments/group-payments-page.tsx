import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/api-client.ts';
import {
  fenToYuan,
  groupMonthsCsvUrl,
  newIdempotencyKey,
  parseYuanToFen,
  paymentsApi,
} from '../../../api/payments-api.ts';
import { useApi } from '../../../api/use-api.ts';
import { DataText } from '../../../components/data-text.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';
import { useAction, Yuan } from '../../../components/payment-bits.tsx';
import { goToProvider } from './pay-form.tsx';

/** Months shown by default: this one and the five before it. */
const DEFAULT_MONTHS = 6;

const monthOf = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
const monthsBack = (n: number) => {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - n);
  return monthOf(d);
};

/** For group administrators: the subsidiaries' month table (with CSV) and one payment for several accounts. */
export function GroupPaymentsPage() {
  const { t } = useTranslation();
  const [range, setRange] = useState({ from: monthsBack(DEFAULT_MONTHS - 1), to: monthsBack(0) });
  const [draft, setDraft] = useState(range);
  const rows = useApi(() => paymentsApi.groupMonths(range.from, range.to), `group-months:${range.from}:${range.to}`);
  return (
    <section data-testid="group-payments-page">
      <h2>{t('payments.group.title')}</h2>
      <p className="muted small">{t('payments.group.intro')}</p>
      <form
        className="search-form pay-lookup"
        onSubmit={(e) => {
          e.preventDefault();
          setRange(draft);
        }}
      >
        <label>
          {t('payments.group.from')}
          <input type="month" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </label>
        <label>
          {t('payments.group.to')}
          <input type="month" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </label>
        <button type="submit" className="button">
          {t('payments.group.show')}
        </button>
        <a className="button secondary" data-testid="group-csv" href={groupMonthsCsvUrl(range.from, range.to)} download>
          {t('payments.group.exportCsv')}
        </a>
      </form>
      {rows.loading && <Loading />}
      {rows.error && <ErrorMessage error={rows.error} onRetry={rows.reload} />}
      {rows.data && rows.data.length === 0 && <p className="muted">{t('payments.group.noRows')}</p>}
      {rows.data && rows.data.length > 0 && (
        <table className="stack-table" data-testid="group-months">
          <thead>
            <tr>
              <th>{t('payments.group.month')}</th>
              <th>{t('payments.group.subsidiary')}</th>
              <th>{t('payments.pay.account')}</th>
              <th>{t('payments.group.energy')}</th>
              <th>{t('payments.group.cost')}</th>
              <th>{t('payments.group.arrears')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.data.map((r) => (
              <tr
                key={`${r.month}:${r.accountId}:${r.soFar}`}
                data-testid="group-month-row"
                data-so-far={r.soFar ? 'true' : undefined}
              >
                <td data-label={t('payments.group.month')}>
                  {r.month}
                  {r.soFar && r.asOf && (
                    <span className="muted small" data-testid="group-so-far">
                      {' '}
                      {t('payments.group.soFar', { date: r.asOf })}
                    </span>
                  )}
                </td>
                <td data-label={t('payments.group.subsidiary')}>
                  <DataText>{r.customerName}</DataText>
                </td>
                <td data-label={t('payments.pay.account')}>{r.accountNo}</td>
                <td data-label={t('payments.group.energy')}>{(r.energyWh / 1000).toFixed(0)}</td>
                <td data-label={t('payments.group.cost')}>
                  {r.soFar ? t('payments.group.notBilled') : <Yuan fen={r.costFen} />}
                </td>
                <td data-label={t('payments.group.arrears')}>
                  <Yuan fen={r.arrearsFen} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <GroupPayForm />
    </section>
  );
}

interface PayLine {
  accountId: string;
  accountNo: string;
  subsidiary: string;
  arrearsFen: number;
}

/** The group's accounts with what each owes now; the administrator ticks several and pays once. */
function GroupPayForm() {
  const { t } = useTranslation();
  const load = async (): Promise<PayLine[]> => {
    const g = await api.group();
    const accounts = g.subsidiaries.flatMap((s) => s.accounts.map((a) => ({ a, subsidiary: s.name })));
    const overviews = await Promise.all(accounts.map(({ a }) => paymentsApi.overview(a.id)));
    return accounts.map(({ a, subsidiary }, i) => ({
      accountId: a.id,
      accountNo: a.accountNo,
      subsidiary,
      arrearsFen: overviews[i].arrearsFen,
    }));
  };
  const lines = useApi(load, 'group-pay-lines');
  const [picked, setPicked] = useState<Record<string, string>>({});
  const [attemptKey, setAttemptKey] = useState(newIdempotencyKey);
  const action = useAction();
  const chosen = Object.entries(picked).map(([accountId, text]) => ({ accountId, amountFen: parseYuanToFen(text) }));
  const valid = chosen.length > 0 && chosen.every((c) => c.amountFen !== undefined);
  const total = chosen.reduce((s, c) => s + (c.amountFen ?? 0), 0);
  const change = (next: Record<string, string>) => {
    setPicked(next);
    setAttemptKey(newIdempotencyKey());
  };
  const pay = async () => {
    const items = chosen.map((c) => ({ accountId: c.accountId, amountFen: c.amountFen! }));
    const created = await action.run(() => paymentsApi.createGroupOrder(items, attemptKey));
    if (created) goToProvider(created.payUrl);
  };
  return (
    <div className="card" data-testid="group-pay">
      <h3>{t('payments.group.payTitle')}</h3>
      {lines.loading && <Loading />}
      {lines.error && <ErrorMessage error={lines.error} onRetry={lines.reload} />}
      {lines.data && (
        <table className="stack-table">
          <tbody>
            {lines.data.map((l) => {
              const on = l.accountId in picked;
              return (
                <tr key={l.accountId} data-testid="group-pay-line" data-account-id={l.accountId}>
                  <td data-label={t('payments.group.select')}>
                    <input
                      type="checkbox"
                      className="checkbox"
                      data-testid="group-pay-pick"
                      aria-label={t('payments.group.select')}
                      checked={on}
                      onChange={() => {
                        const next = { ...picked };
                        if (on) delete next[l.accountId];
                        else next[l.accountId] = l.arrearsFen > 0 ? fenToYuan(l.arrearsFen) : '';
                        change(next);
                      }}
                    />
                  </td>
                  <td data-label={t('payments.group.subsidiary')}>
                    <DataText>{l.subsidiary}</DataText>
                  </td>
                  <td data-label={t('payments.pay.account')}>{l.accountNo}</td>
                  <td data-label={t('payments.group.arrears')}>
                    <Yuan fen={l.arrearsFen} />
                  </td>
                  <td data-label={t('payments.pay.amount')}>
                    {on && (
                      <input
                        data-testid="group-pay-amount"
                        inputMode="decimal"
                        aria-label={t('payments.pay.amount')}
                        value={picked[l.accountId]}
                        onChange={(e) => change({ ...picked, [l.accountId]: e.target.value })}
                      />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p data-testid="group-pay-total">
        {t('payments.group.total', { amount: fenToYuan(total), count: chosen.length })}
      </p>
      {!valid && chosen.length > 0 && <p className="alert">{t('payments.group.noneSelected')}</p>}
      {action.error && <ErrorMessage error={action.error} />}
      <button
        type="button"
        className="button"
        data-testid="group-pay-submit"
        disabled={!valid || action.busy}
        onClick={() => void pay()}
      >
        {action.busy ? t('payments.pay.busy') : t('payments.group.paySelected')}
      </button>
    </div>
  );
}
