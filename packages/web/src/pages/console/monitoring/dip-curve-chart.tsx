import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { lowerCurvePoints, type Curve, type PqEvent } from '../../../api/monitoring-api.ts';
import { Chart } from '../../../components/chart.tsx';

/** Dips drawn on tolerance curves: log duration against residual voltage, curves as step lines. */
export function DipCurveChart(props: { curves: Curve[]; events: PqEvent[]; testId?: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const option = useMemo(() => {
    const dips = props.events.filter((e) => e.kind !== 'swell');
    const point = (e: PqEvent) => [Math.max(0.001, e.durationS), e.extremePct];
    return {
      tooltip: { trigger: 'item' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 40 },
      xAxis: {
        type: 'log',
        min: 0.001,
        max: 100,
        name: t('monitoring.chart.duration'),
        nameLocation: 'middle',
        nameGap: 26,
      },
      yAxis: { type: 'value', min: 0, max: 110, name: t('monitoring.chart.residual') },
      series: [
        ...props.curves.map((c) => ({
          type: 'line',
          name: c.name[lang],
          step: false,
          symbol: 'none',
          data: lowerCurvePoints(c),
        })),
        {
          type: 'scatter',
          name: t('monitoring.chart.inside'),
          symbolSize: 9,
          data: dips.filter((e) => e.inside).map(point),
        },
        {
          type: 'scatter',
          name: t('monitoring.chart.outside'),
          symbolSize: 11,
          itemStyle: { color: '#c0392b' },
          data: dips.filter((e) => !e.inside).map(point),
        },
      ],
    };
  }, [props.curves, props.events, t, lang]);
  return (
    <Chart
      option={option}
      height={320}
      label={t('monitoring.chart.label')}
      testId={props.testId ?? 'dip-curve-chart'}
    />
  );
}
