import './metering.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/api-error.ts';
import { meteringApi, type VeeException } from '../../../api/metering-api.ts';
import { useApi } from '../../../api/use-api.ts';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';
import { Link } from '../../../router/link.tsx';

/** The VEE exception queue: each open exception can be accepted, estimated or edited with a reason. */
export function VeeQueuePage() {
  const { t } = useTranslation();
  const queue = useApi(() => meteringApi.veeQueue('open'), 'vee-open');
  return (
    <section data-testid="vee-queue-page">
      <h2>{t('metering.vee.title')}</h2>
      <p className="muted small">{t('metering.vee.intro')}</p>
      {queue.loading && <Loading />}
      {queue.error && <ErrorMessage error={queue.error} onRetry={queue.reload} />}
      {queue.data && (
        <>
          <p className="muted" data-testid="vee-total">
            {t('metering.vee.total', { count: queue.data.total })}
          </p>
          {queue.data.items.length === 0 && <p className="muted">{t('metering.vee.empty')}</p>}
          <div className="vee-list">
            {queue.data.items.map((e) => (
              <VeeItem key={e.id} item={e} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}

function VeeItem(props: { item: VeeException }) {
  const { t } = useTranslation();
  const [item, setItem] = useState(props.item);
  const [mode, setMode] = useState<'none' | 'accept' | 'edit'>('none');
  const [note, setNote] = useState('');
  const [slot, setSlot] = useState(String(props.item.slots[0] ?? 0));
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const act = async (call: () => Promise<VeeException>) => {
    setBusy(true);
    setError(undefined);
    try {
      setItem(await call());
      setMode('none');
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError('UNKNOWN', 0, String(e)));
    } finally {
      setBusy(false);
    }
  };
  const open = item.status === 'open';
  return (
    <article className="card vee-item" data-testid="vee-item" data-rule={item.ruleId} data-status={item.status}>
      <div className="vee-head">
        <strong>{t(`metering.vee.rules.${item.ruleId}`, { defaultValue: item.ruleId })}</strong>
        <span className="mono">{item.meterId}</span>
        <span className="mono">{item.date}</span>
        <span className={`tag status-${item.status}`} data-testid="vee-status">
          {t(`metering.vee.status.${item.status}`)}
        </span>
        <Link to={`/console/metering/meters/${item.meterId}?date=${item.date}`} testId="vee-chart-link">
          {t('metering.vee.chart')}
        </Link>
      </div>
      <p className="small">{item.detail}</p>
      {item.slots.length > 0 && (
        <p className="muted small">
          {t('metering.vee.slots')}: <span className="mono">{item.slots.slice(0, 24).join(', ')}</span>
        </p>
      )}
      {error && <ErrorMessage error={error} />}
      {open && mode === 'none' && (
        <div className="vee-actions">
          <button
            type="button"
            className="button secondary small"
            data-testid="vee-accept"
            onClick={() => setMode('accept')}
          >
            {t('metering.vee.accept')}
          </button>
          <button
            type="button"
            className="button secondary small"
            data-testid="vee-estimate"
            disabled={busy}
            onClick={() => void act(() => meteringApi.estimate(item.id))}
          >
            {t('metering.vee.estimate')}
          </button>
          <button type="button" className="button small" data-testid="vee-edit" onClick={() => setMode('edit')}>
            {t('metering.vee.edit')}
          </button>
        </div>
      )}
      {open && mode === 'accept' && (
        <form
          className="vee-form"
          onSubmit={(ev) => {
            ev.preventDefault();
            void act(() => meteringApi.accept(item.id, note));
          }}
        >
          <label>
            {t('metering.vee.note')}
            <input
              value={note}
              required
              maxLength={500}
              onChange={(e) => setNote(e.target.value)}
              data-testid="vee-note"
            />
          </label>
          <button type="submit" className="button small" disabled={busy} data-testid="vee-accept-save">
            {t('metering.vee.accept')}
          </button>
          <button type="button" className="button secondary small" onClick={() => setMode('none')}>
            {t('metering.vee.cancel')}
          </button>
        </form>
      )}
      {open && mode === 'edit' && (
        <form
          className="vee-form"
          data-testid="vee-edit-form"
          onSubmit={(ev) => {
            ev.preventDefault();
            void act(() => meteringApi.edit(item.id, [{ slot: Number(slot), value: Number(value) }], reason));
          }}
        >
          <label>
            {t('metering.vee.slot')}
            <input
              type="number"
              min={0}
              max={95}
              value={slot}
              required
              onChange={(e) => setSlot(e.target.value)}
              data-testid="vee-slot"
            />
          </label>
          <label>
            {t('metering.vee.value')}
            <input
              type="number"
              value={value}
              required
              onChange={(e) => setValue(e.target.value)}
              data-testid="vee-value"
            />
          </label>
          <label>
            {t('metering.vee.reason')}
            <input
              value={reason}
              required
              maxLength={500}
              onChange={(e) => setReason(e.target.value)}
              data-testid="vee-reason"
            />
          </label>
          <button type="submit" className="button small" disabled={busy} data-testid="vee-save">
            {t('metering.vee.save')}
          </button>
          <button type="button" className="button secondary small" onClick={() => setMode('none')}>
            {t('metering.vee.cancel')}
          </button>
        </form>
      )}
    </article>
  );
}
