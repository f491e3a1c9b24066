import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServicePoint } from '../../api/api-types.ts';
import { Chart } from '../../components/chart.tsx';
import { UsagePanel } from './usage-panel.tsx';

/**
 * Charts of the account overview: energy use from stored interval data (a placeholder while there is
 * none, never invented numbers) and the count of meters per service point from the records.
 */
export function AccountCharts(props: { accountId: string; servicePoints: ServicePoint[] }) {
  const { t, i18n } = useTranslation();
  const option = useMemo(
    () => ({
      // A static count: no grow-in animation, so the chart is complete as soon as it is drawn.
      animation: false,
      grid: { left: 16, right: 16, top: 32, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: props.servicePoints.map((sp) => sp.name) },
      yAxis: { type: 'value', minInterval: 1, name: t('chart.metersAxis') },
      series: [
        {
          type: 'bar',
          name: t('chart.metersAxis'),
          data: props.servicePoints.map((sp) => sp.meters.filter((m) => m.removedOn === null).length),
          itemStyle: { color: '#1f6f5c' },
          barMaxWidth: 48,
        },
      ],
    }),
    // Re-translate the axis when the language changes.
    [props.servicePoints, t, i18n.language],
  );
  return (
    <div className="chart-grid">
      <UsagePanel accountId={props.accountId} />
      <section className="card">
        <h3>{t('chart.metersTitle')}</h3>
        <p className="muted small">{t('chart.metersNote')}</p>
        <Chart option={option} height={200} label={t('chart.metersTitle')} testId="meters-chart" />
      </section>
    </div>
  );
}
