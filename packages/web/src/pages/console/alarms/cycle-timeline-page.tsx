import './alarms.css';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { alarmsApi, type CycleTimeline, type StageTiming } from '../../../api/alarms-api.ts';
import { useApi } from '../../../api/use-api.ts';
import { Chart } from '../../../components/chart.tsx';
import { DataText } from '../../../components/data-text.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';
import { AlarmTabs, When } from './alarm-bits.tsx';

/** Bar colours by stage status: green on time, amber at risk, red late, dark red failed, grey waiting. */
export const STATUS_COLOURS: Record<string, string> = {
  onTime: '#2e8b57',
  atRisk: '#d99a00',
  overrun: '#c0392b',
  failed: '#7b1e14',
  waiting: '#b8c0c8',
};

/** Each reading book's billing cycle, stage by stage against its time limit. */
export function CycleTimelinePage(props: { readingBookId?: string; cycle?: string }) {
  const { t } = useTranslation();
  const [book, setBook] = useState(props.readingBookId ?? '');
  const runs = useApi(() => alarmsApi.cycles(), 'alarm-cycles');
  const [picked, setPicked] = useState(
    props.readingBookId && props.cycle ? `${props.readingBookId}|${props.cycle}` : '',
  );
  const items = (runs.data?.items ?? []).filter((r) => !book || r.readingBookId.includes(book));
  const chosen = picked || (items[0] ? `${items[0].readingBookId}|${items[0].cycle}` : '');
  return (
    <section data-testid="cycle-timeline-page">
      <AlarmTabs active="cycles" />
      <h2>{t('alarms.cycles.title')}</h2>
      <p className="muted small">{t('alarms.cycles.intro')}</p>
      <div className="alarm-filters">
        <label>
          {t('alarms.cycles.book')}
          <input value={book} onChange={(e) => setBook(e.target.value)} data-testid="cycle-book" placeholder="rb-" />
        </label>
        <label className="grow">
          {t('alarms.cycles.cycle')}
          <select value={chosen} onChange={(e) => setPicked(e.target.value)} data-testid="cycle-pick">
            {items.map((r) => (
              <option key={`${r.readingBookId}|${r.cycle}`} value={`${r.readingBookId}|${r.cycle}`}>
                {r.readingBookId} · {r.cycle}
              </option>
            ))}
          </select>
        </label>
      </div>
      {runs.loading && <Loading />}
      {runs.error && <ErrorMessage error={runs.error} onRetry={runs.reload} />}
      {runs.data && items.length === 0 && <p className="muted">{t('alarms.cycles.empty')}</p>}
      {chosen && <Timeline key={chosen} id={chosen} />}
    </section>
  );
}

function Timeline(props: { id: string }) {
  const [bookId, cycle] = props.id.split('|');
  const tl = useApi(() => alarmsApi.timeline(bookId, cycle), `timeline:${props.id}`);
  if (tl.loading) return <Loading />;
  if (tl.error) return <ErrorMessage error={tl.error} onRetry={tl.reload} />;
  return tl.data ? <TimelineView timeline={tl.data} /> : null;
}

function TimelineView(props: { timeline: CycleTimeline }) {
  const { t, i18n } = useTranslation();
  const c = props.timeline;
  const limitText = (s: StageTiming) =>
    s.limit
      ? t('alarms.cycles.limit', {
          amount: s.limit.amount,
          unit: t(`alarms.unit.${s.limit.unit}`),
          basis: t(`alarms.basis.${s.limit.basis}`),
        })
      : t('alarms.cycles.noLimit');
  const option = useMemo(() => {
    const stages = [...c.stages].reverse();
    const names = stages.map((s) => t(`billing.stage.${s.stage}`));
    return {
      grid: { left: 8, right: 24, top: 28, bottom: 24, containLabel: true },
      legend: { data: [t('alarms.cycles.used'), t('alarms.cycles.limitMark')], top: 0 },
      tooltip: {
        trigger: 'item',
        formatter: (p: { dataIndex: number; seriesIndex: number }) => {
          const s = stages[p.dataIndex];
          return `${names[p.dataIndex]}<br/>${t(`alarms.stageStatus.${s.status}`)} · ${Math.round(s.usedShare * 100)}%<br/>${limitText(s)}`;
        },
      },
      xAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: names },
      series: [
        {
          name: t('alarms.cycles.used'),
          type: 'bar',
          barMaxWidth: 18,
          data: stages.map((s) => ({
            value: Math.round(s.usedShare * 1000) / 10,
            itemStyle: { color: STATUS_COLOURS[s.status] ?? '#888' },
          })),
        },
        {
          // The limit: 100 % of each stage's own allowance, drawn as a marker line across the bars.
          name: t('alarms.cycles.limitMark'),
          type: 'line',
          data: stages.map((s, i) => (s.limit ? [100, names[i]] : null)),
          symbol: 'rect',
          symbolSize: [3, 22],
          lineStyle: { type: 'dashed', color: '#1d2630', width: 1 },
          itemStyle: { color: '#1d2630' },
        },
      ],
    };
    // The texts follow i18n.language, so a language switch redraws the chart.
  }, [c, i18n.language]);
  return (
    <div className="card" data-testid="cycle-timeline" data-book={c.readingBookId} data-cycle={c.cycle}>
      <p>
        <strong className="mono">
          <DataText>{c.readingBookId}</DataText>
        </strong>{' '}
        · <span className="mono">{c.cycle}</span> · {t('alarms.cycles.opened')} <When at={c.openedAt} />
      </p>
      <Chart option={option} height={300} label={t('alarms.cycles.chartLabel')} testId="cycle-chart" />
      <div className="table-scroll">
        <table className="alarm-table">
          <thead>
            <tr>
              <th>{t('alarms.cycles.stage')}</th>
              <th>{t('alarms.cycles.status')}</th>
              <th>{t('alarms.cycles.limitCol')}</th>
              <th>{t('alarms.cycles.deadline')}</th>
              <th>{t('alarms.cycles.late')}</th>
            </tr>
          </thead>
          <tbody>
            {c.stages.map((s) => (
              <tr key={s.stage} data-testid="cycle-stage" data-stage={s.stage} data-status={s.status}>
                <td>{t(`billing.stage.${s.stage}`)}</td>
                <td>
                  <span className="stage-dot" style={{ background: STATUS_COLOURS[s.status] }} />{' '}
                  {t(`alarms.stageStatus.${s.status}`)}
                </td>
                <td>{limitText(s)}</td>
                <td>
                  <When at={s.deadline} />
                </td>
                <td className="mono">
                  {s.lateMinutes > 0 ? t('alarms.cycles.lateMinutes', { count: s.lateMinutes }) : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
