import './alarms.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { alarmsApi, type AlarmDetail } from '../../../api/alarms-api.ts';
import { useApi } from '../../../api/use-api.ts';
import { DataText } from '../../../components/data-text.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';
import { Link } from '../../../router/link.tsx';
import { useAction } from '../billing/use-action.ts';
import { AlarmTabs, DiagnosisText, SeverityTag, useBilingual, useCanAct, When } from './alarm-bits.tsx';
import { ResolveForm } from './resolve-form.tsx';

/** One alarm: diagnosis, facts, history, its work order, and (for dispatchers) acknowledge and resolve. */
export function AlarmDetailPage(props: { alarmId: string }) {
  const { t } = useTranslation();
  const detail = useApi(() => alarmsApi.detail(props.alarmId), `alarm:${props.alarmId}`);
  return (
    <section data-testid="alarm-detail-page">
      <AlarmTabs active="board" />
      <p>
        <Link to="/console/alarms" testId="alarm-back">
          ← {t('alarms.detail.back')}
        </Link>
      </p>
      {detail.loading && <Loading />}
      {detail.error && <ErrorMessage error={detail.error} onRetry={detail.reload} />}
      {detail.data && <AlarmDetailView detail={detail.data} onChanged={detail.reload} />}
    </section>
  );
}

function AlarmDetailView(props: { detail: AlarmDetail; onChanged: () => void }) {
  const { t } = useTranslation();
  const pick = useBilingual();
  const canAct = useCanAct();
  const action = useAction();
  const [note, setNote] = useState('');
  const { alarm: a, events, workOrder: w } = props.detail;
  const run = (work: () => Promise<unknown>, done: string) =>
    void action.act(async () => {
      await work();
      props.onChanged();
      return done;
    });
  return (
    <>
      <div className="alarm-title-row">
        <h2>{t(`alarms.kind.${a.kind}`, { defaultValue: a.kind })}</h2>
        <SeverityTag severity={a.severity} />
        <span className="tag" data-testid="alarm-status" data-status={a.status}>
          {t(`alarms.status.${a.status}`)}
        </span>
      </div>
      <DiagnosisText diagnosis={a.diagnosis} />
      <dl className="alarm-facts">
        <dt>{t('alarms.detail.id')}</dt>
        <dd className="mono">{a.id}</dd>
        <dt>{t('alarms.detail.subject')}</dt>
        <dd className="mono">
          {t(`alarms.subject.${a.subjectKind}`, { defaultValue: a.subjectKind })} <DataText>{a.subjectId}</DataText>
        </dd>
        <dt>{t('alarms.detail.branch')}</dt>
        <dd>{a.branchId ? <DataText>{a.branchId}</DataText> : t('alarms.detail.masterStation')}</dd>
        <dt>{t('alarms.detail.rule')}</dt>
        <dd className="mono">
          <DataText>{a.ruleId}</DataText>
        </dd>
        <dt>{t('alarms.detail.value')}</dt>
        <dd className="mono">{a.value}</dd>
        <dt>{t('alarms.detail.opened')}</dt>
        <dd>
          <When at={a.openedAt} /> ({t('alarms.board.seen', { count: a.count })})
        </dd>
        <dt>{t('alarms.detail.lastSeen')}</dt>
        <dd>
          <When at={a.lastSeenAt} />
        </dd>
        {a.acknowledgedAt && (
          <>
            <dt>{t('alarms.detail.acknowledged')}</dt>
            <dd data-testid="alarm-acknowledged-by">
              <When at={a.acknowledgedAt} /> <DataText>{a.acknowledgedBy}</DataText>
            </dd>
          </>
        )}
        {a.resolvedAt && (
          <>
            <dt>{t('alarms.detail.resolved')}</dt>
            <dd data-testid="alarm-resolution">
              <When at={a.resolvedAt} />{' '}
              {a.resolution ? t(`alarms.resolution.${a.resolution}`, { defaultValue: a.resolution }) : ''}
              {a.rootCause && <> · {t(`alarms.rootCause.${a.rootCause}`, { defaultValue: a.rootCause })}</>}
              {a.resolutionNote && (
                <>
                  {' '}
                  · <DataText>{a.resolutionNote}</DataText>
                </>
              )}
            </dd>
          </>
        )}
        {Object.entries(a.labels).map(([k, v]) => (
          <LabelFact key={k} name={k} value={v} />
        ))}
      </dl>
      {a.status === 'open' && canAct && (
        <div className="card alarm-actions" data-testid="alarm-actions">
          {!a.acknowledgedAt && (
            <div className="alarm-form">
              <label className="grow">
                {t('alarms.detail.ackNote')}
                <input value={note} onChange={(e) => setNote(e.target.value)} data-testid="ack-note" />
              </label>
              <button
                type="button"
                className="button"
                disabled={action.busy}
                data-testid="alarm-acknowledge"
                onClick={() =>
                  run(() => alarmsApi.acknowledge(a.id, note.trim() || undefined), t('alarms.detail.acked'))
                }
              >
                {t('alarms.detail.acknowledge')}
              </button>
            </div>
          )}
          <ResolveForm
            busy={action.busy}
            onResolve={(rootCause, n) =>
              run(() => alarmsApi.resolve(a.id, rootCause, n), t('alarms.detail.resolvedDone'))
            }
          />
        </div>
      )}
      {a.status === 'open' && !canAct && (
        <p className="muted small" data-testid="alarm-read-only">
          {t('alarms.detail.readOnly')}
        </p>
      )}
      {action.message && (
        <p className="notice" data-testid="alarm-message">
          {action.message}
        </p>
      )}
      {action.error && <ErrorMessage error={action.error} />}
      {w && (
        <div className="card" data-testid="alarm-work-order">
          <h3>{t('alarms.detail.workOrder')}</h3>
          <p>
            <span className="mono">{w.id}</span> · {pick(w.title)} ·{' '}
            <span className="tag" data-testid="work-order-state">
              {t(`alarms.woState.${w.state}`)}
            </span>{' '}
            {w.assigneeId && (
              <span className="muted small">
                {t('alarms.wo.assignee')} <DataText>{w.assigneeId}</DataText>
              </span>
            )}
          </p>
        </div>
      )}
      <h3>{t('alarms.detail.history')}</h3>
      <div className="table-scroll">
        <table className="alarm-table" data-testid="alarm-history">
          <thead>
            <tr>
              <th>{t('alarms.detail.at')}</th>
              <th>{t('alarms.detail.action')}</th>
              <th>{t('alarms.detail.by')}</th>
              <th>{t('alarms.detail.severity')}</th>
              <th>{t('alarms.detail.note')}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e, i) => (
              <tr key={i} data-testid="alarm-event" data-action={e.action}>
                <td>
                  <When at={e.at} />
                </td>
                <td>{t(`alarms.action.${e.action}`, { defaultValue: e.action })}</td>
                <td>
                  <DataText>{e.by}</DataText>
                </td>
                <td>{t(`alarms.severity.${e.severity}`, { defaultValue: e.severity })}</td>
                <td>{e.note ? <DataText>{e.note}</DataText> : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function LabelFact(props: { name: string; value: string }) {
  const { t } = useTranslation();
  return (
    <>
      <dt>{t(`alarms.label.${props.name}`, { defaultValue: props.name })}</dt>
      <dd>
        <DataText>{props.value}</DataText>
      </dd>
    </>
  );
}
