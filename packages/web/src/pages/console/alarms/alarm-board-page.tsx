import './alarms.css';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/api-client.ts';
import type { OrgNode } from '../../../api/api-types.ts';
import { ALARM_KINDS, SEVERITIES, type AlarmFilter, type AlarmView, type Severity } from '../../../api/alarms-api.ts';
import { useApi } from '../../../api/use-api.ts';
import { DataText } from '../../../components/data-text.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';
import { Link } from '../../../router/link.tsx';
import { AlarmTabs, DiagnosisText, SeverityTag, When } from './alarm-bits.tsx';
import { useAlarmBoard } from './use-alarm-board.ts';

/** Every org with the ids of its whole subtree (a city's filter covers its counties). */
function flatten(node: OrgNode, depth = 0): { node: OrgNode; depth: number; ids: string[] }[] {
  const below = node.children.flatMap((c) => flatten(c, depth + 1));
  const ids = [node.id, ...below.filter((b) => b.depth === depth + 1).flatMap((b) => b.ids)];
  return [{ node, depth, ids }, ...below];
}

/** The live alarm board: open (or resolved) alarms with filters, updated by the server as they happen. */
export function AlarmBoardPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'open' | 'resolved'>('open');
  const [branch, setBranch] = useState('');
  const [severity, setSeverity] = useState('');
  const [kind, setKind] = useState('');
  const orgs = useApi(() => api.orgTree(), 'orgs');
  const branches = useMemo(() => (orgs.data ? flatten(orgs.data) : []), [orgs.data]);
  const filter: AlarmFilter = {
    status,
    ...(severity ? { severity: [severity as Severity] } : {}),
    ...(kind ? { kind: [kind] } : {}),
    ...(branch ? { branchId: branches.find((b) => b.node.id === branch)?.ids.slice(0, 50) ?? [branch] } : {}),
  };
  const board = useAlarmBoard(filter, `${status}|${branch}|${severity}|${kind}`);
  return (
    <section data-testid="alarm-board-page">
      <AlarmTabs active="board" />
      <div className="alarm-title-row">
        <h2>{t('alarms.board.title')}</h2>
        <span className={`stream-state stream-${board.stream}`} data-testid="alarm-stream" data-state={board.stream}>
          {t(`alarms.board.stream.${board.stream}`)}
        </span>
      </div>
      <div className="alarm-filters">
        <label>
          {t('alarms.board.status')}
          <select
            value={status}
            onChange={(e) => setStatus(e.target.value as 'open')}
            data-testid="alarm-filter-status"
          >
            <option value="open">{t('alarms.status.open')}</option>
            <option value="resolved">{t('alarms.status.resolved')}</option>
          </select>
        </label>
        <label>
          {t('alarms.board.branch')}
          <select value={branch} onChange={(e) => setBranch(e.target.value)} data-testid="alarm-filter-branch">
            <option value="">{t('alarms.board.all')}</option>
            {branches.map((b) => (
              <option key={b.node.id} value={b.node.id} data-i18n-skip="">
                {'\u00a0'.repeat(b.depth * 2)}
                {b.node.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('alarms.board.severity')}
          <select value={severity} onChange={(e) => setSeverity(e.target.value)} data-testid="alarm-filter-severity">
            <option value="">{t('alarms.board.all')}</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {t(`alarms.severity.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('alarms.board.kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value)} data-testid="alarm-filter-kind">
            <option value="">{t('alarms.board.all')}</option>
            {ALARM_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`alarms.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {board.error && <ErrorMessage error={board.error} />}
      {!board.alarms && !board.error && <Loading />}
      {board.alarms && (
        <p className="muted small" data-testid="alarm-count">
          {t('alarms.board.count', { shown: board.alarms.length, total: board.total })}
        </p>
      )}
      {board.alarms?.length === 0 && <p className="muted">{t('alarms.board.empty')}</p>}
      <ul className="alarm-list" data-testid="alarm-list">
        {board.alarms?.map((a) => (
          <AlarmRow key={a.id} alarm={a} fresh={board.fresh.has(a.id)} />
        ))}
      </ul>
    </section>
  );
}

function AlarmRow(props: { alarm: AlarmView; fresh: boolean }) {
  const { t } = useTranslation();
  const a = props.alarm;
  return (
    <li
      className={`card alarm-row sev-border-${a.severity}${props.fresh ? ' alarm-fresh' : ''}`}
      data-testid="alarm-row"
      data-id={a.id}
      data-kind={a.kind}
      data-status={a.status}
      data-fresh={props.fresh ? 'true' : 'false'}
    >
      <div className="alarm-row-head">
        <SeverityTag severity={a.severity} />
        <Link to={`/console/alarms/a/${a.id}`} testId="alarm-link" className="alarm-kind">
          {t(`alarms.kind.${a.kind}`, { defaultValue: a.kind })}
        </Link>
        <span className="mono small">
          <DataText>{a.subjectId}</DataText>
        </span>
        {a.branchId && (
          <span className="muted small">
            <DataText>{a.branchId}</DataText>
          </span>
        )}
        {a.acknowledgedAt && a.status === 'open' && (
          <span className="tag" data-testid="alarm-acked">
            {t('alarms.board.acknowledged')}
          </span>
        )}
        {a.flapping && <span className="tag">{t('alarms.board.flapping')}</span>}
        <span className="alarm-when muted small">
          <When at={a.openedAt} /> · {t('alarms.board.seen', { count: a.count })}
        </span>
      </div>
      <DiagnosisText diagnosis={a.diagnosis} />
    </li>
  );
}
