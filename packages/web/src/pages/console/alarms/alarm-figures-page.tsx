import './alarms.css';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { alarmsApi, SEVERITIES, type MonthlyFigures } from '../../../api/alarms-api.ts';
import { useApi } from '../../../api/use-api.ts';
import { Chart } from '../../../components/chart.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';
import { AlarmTabs } from './alarm-bits.tsx';

const STAGES = [
  'readingPlan',
  'collection',
  'readingReview',
  'calculation',
  'billAudit',
  'release',
  'paymentCollection',
] as const;

function thisMonth(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** Monthly figures: overruns per stage, mean minutes to acknowledge and to resolve, alarms by severity. */
export function AlarmFiguresPage() {
  const { t } = useTranslation();
  const [month, setMonth] = useState(thisMonth());
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  const figures = useApi(
    () => (valid ? alarmsApi.figures(month) : Promise.resolve(undefined)),
    `alarm-figures:${valid ? month : ''}`,
  );
  return (
    <section data-testid="alarm-figures-page">
      <AlarmTabs active="figures" />
      <h2>{t('alarms.figures.title')}</h2>
      <div className="alarm-filters">
        <label>
          {t('alarms.figures.month')}
          <input type="month" value={month} onChange={(e) => setMonth(e.target.value)} data-testid="figures-month" />
        </label>
      </div>
      {figures.loading && <Loading />}
      {figures.error && <ErrorMessage error={figures.error} onRetry={figures.reload} />}
      {figures.data && <FiguresView f={figures.data} />}
    </section>
  );
}

function FiguresView(props: { f: MonthlyFigures }) {
  const { t, i18n } = useTranslation();
  const f = props.f;
  const minutes = (m: number | null) => (m === null ? '—' : t('alarms.figures.minutes', { count: Math.round(m) }));
  const overruns = useMemo(
    () => ({
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: [...STAGES].reverse().map((s) => t(`billing.stage.${s}`)) },
      series: [
        {
          name: t('alarms.figures.overruns'),
          type: 'bar',
          barMaxWidth: 18,
          itemStyle: { color: '#c0392b' },
          data: [...STAGES].reverse().map((s) => f.overrunsPerStage[s] ?? 0),
        },
      ],
    }),
    [f, i18n.language],
  );
  const times = useMemo(
    () => ({
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: [t('alarms.figures.toAcknowledge'), t('alarms.figures.toResolve')] },
      yAxis: { type: 'value', name: t('alarms.figures.minutesAxis') },
      series: [
        {
          name: t('alarms.figures.meanMinutes'),
          type: 'bar',
          barMaxWidth: 40,
          data: [
            { value: f.meanMinutesToAcknowledge ?? 0, itemStyle: { color: '#0b5d8f' } },
            { value: f.meanMinutesToResolve ?? 0, itemStyle: { color: '#1f6f5c' } },
          ],
        },
      ],
    }),
    [f, i18n.language],
  );
  return (
    <>
      <ul className="cards alarm-numbers" data-testid="figures-numbers">
        <li className="card">
          <p className="muted small">{t('alarms.figures.raised')}</p>
          <p className="big" data-testid="figures-raised">
            {f.alarmsRaised}
          </p>
          <p className="small">
            {SEVERITIES.map((s) => `${t(`alarms.severity.${s}`)} ${f.bySeverity[s] ?? 0}`).join(' · ')}
          </p>
        </li>
        <li className="card">
          <p className="muted small">{t('alarms.figures.workOrders')}</p>
          <p className="big">{f.workOrdersOpened}</p>
          <p className="small">
            {t('alarms.figures.escalatedCount', { count: f.escalated })} ·{' '}
            {t('alarms.figures.unacknowledged', { count: f.stillUnacknowledged })}
          </p>
        </li>
        <li className="card">
          <p className="muted small">{t('alarms.figures.meanMinutes')}</p>
          <p className="small" data-testid="figures-mtta">
            {t('alarms.figures.toAcknowledge')}: {minutes(f.meanMinutesToAcknowledge)}
          </p>
          <p className="small" data-testid="figures-mttr">
            {t('alarms.figures.toResolve')}: {minutes(f.meanMinutesToResolve)}
          </p>
        </li>
      </ul>
      <div className="alarm-charts">
        <div className="card">
          <h3>{t('alarms.figures.overrunsTitle')}</h3>
          <Chart option={overruns} height={280} label={t('alarms.figures.overrunsTitle')} testId="figures-overruns" />
        </div>
        <div className="card">
          <h3>{t('alarms.figures.timesTitle')}</h3>
          <Chart option={times} height={280} label={t('alarms.figures.timesTitle')} testId="figures-times" />
        </div>
      </div>
    </>
  );
}
