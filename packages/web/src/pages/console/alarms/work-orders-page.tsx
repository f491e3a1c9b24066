import './alarms.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { alarmsApi, WORK_ORDER_STATES, type WorkOrderState, type WorkOrderView } from '../../../api/alarms-api.ts';
import { useApi } from '../../../api/use-api.ts';
import { DataText } from '../../../components/data-text.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';
import { Link } from '../../../router/link.tsx';
import { useAction } from '../billing/use-action.ts';
import { AlarmTabs, SeverityTag, useBilingual, useCanAct, When } from './alarm-bits.tsx';
import { ResolveForm } from './resolve-form.tsx';

const VIEWS: Record<string, readonly WorkOrderState[]> = {
  active: ['open', 'acknowledged', 'inProgress'],
  done: ['resolved', 'closed'],
  all: WORK_ORDER_STATES,
};

/** The work-order queue (派工单): acknowledge, resolve with a root cause, reopen. */
export function WorkOrdersPage() {
  const { t } = useTranslation();
  const [view, setView] = useState('active');
  const orders = useApi(() => alarmsApi.workOrders(VIEWS[view]), `work-orders:${view}`);
  return (
    <section data-testid="work-orders-page">
      <AlarmTabs active="workOrders" />
      <h2>{t('alarms.wo.title')}</h2>
      <div className="alarm-filters">
        <label>
          {t('alarms.wo.show')}
          <select value={view} onChange={(e) => setView(e.target.value)} data-testid="wo-filter">
            {Object.keys(VIEWS).map((v) => (
              <option key={v} value={v}>
                {t(`alarms.wo.view.${v}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {orders.loading && <Loading />}
      {orders.error && <ErrorMessage error={orders.error} onRetry={orders.reload} />}
      {orders.data?.items.length === 0 && <p className="muted">{t('alarms.wo.empty')}</p>}
      <ul className="alarm-list">
        {orders.data?.items.map((w) => (
          <WorkOrderCard key={w.id} order={w} onChanged={orders.reload} />
        ))}
      </ul>
    </section>
  );
}

function WorkOrderCard(props: { order: WorkOrderView; onChanged: () => void }) {
  const { t } = useTranslation();
  const pick = useBilingual();
  const canAct = useCanAct();
  const action = useAction();
  const [resolving, setResolving] = useState(false);
  const w = props.order;
  const step = (work: () => Promise<unknown>) =>
    void action.act(async () => {
      await work();
      setResolving(false);
      props.onChanged();
      return '';
    });
  return (
    <li
      className={`card alarm-row sev-border-${w.severity}`}
      data-testid="work-order"
      data-id={w.id}
      data-state={w.state}
    >
      <div className="alarm-row-head">
        <SeverityTag severity={w.severity} />
        <strong>{pick(w.title)}</strong>
        <span className="tag" data-testid="work-order-state">
          {t(`alarms.woState.${w.state}`)}
        </span>
        {w.escalationLevel > 0 && (
          <span className="tag sev-major">{t('alarms.wo.escalated', { level: w.escalationLevel })}</span>
        )}
        {w.alarmClearedAt && <span className="tag">{t('alarms.wo.cleared')}</span>}
      </div>
      <p className="small muted">
        <span className="mono">{w.id}</span> · {t('alarms.wo.opened')} <When at={w.openedAt} />
        {w.assigneeId && (
          <>
            {' '}
            · {t('alarms.wo.assignee')} <DataText>{w.assigneeId}</DataText>
          </>
        )}{' '}
        · <Link to={`/console/alarms/a/${w.alarmId}`}>{t('alarms.wo.alarm')}</Link>
      </p>
      {w.rootCause && (
        <p className="small">
          {t(`alarms.rootCause.${w.rootCause}`, { defaultValue: w.rootCause })}
          {w.resolutionNotes && (
            <>
              {' '}
              · <DataText>{w.resolutionNotes}</DataText>
            </>
          )}
        </p>
      )}
      {canAct && (
        <div className="alarm-form">
          {w.state === 'open' && (
            <button
              type="button"
              className="button small"
              disabled={action.busy}
              data-testid="wo-acknowledge"
              onClick={() => step(() => alarmsApi.stepOrder(w.id, 'acknowledge'))}
            >
              {t('alarms.wo.acknowledge')}
            </button>
          )}
          {(w.state === 'acknowledged' || w.state === 'inProgress') && (
            <button
              type="button"
              className="button small secondary"
              disabled={action.busy}
              data-testid="wo-resolve-open"
              onClick={() => setResolving((r) => !r)}
            >
              {t('alarms.wo.resolve')}
            </button>
          )}
          {(w.state === 'resolved' || w.state === 'closed') && (
            <button
              type="button"
              className="button small secondary"
              disabled={action.busy}
              data-testid="wo-reopen"
              onClick={() => step(() => alarmsApi.stepOrder(w.id, 'reopen'))}
            >
              {t('alarms.wo.reopen')}
            </button>
          )}
        </div>
      )}
      {resolving && (
        <ResolveForm
          busy={action.busy}
          onResolve={(rootCause, note) => step(() => alarmsApi.stepOrder(w.id, 'resolve', { rootCause, note }))}
        />
      )}
      {action.error && <ErrorMessage error={action.error} />}
    </li>
  );
}
