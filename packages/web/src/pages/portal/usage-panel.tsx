import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { daysBefore, meteringApi, type UsagePoint } from '../../api/metering-api.ts';
import { useApi } from '../../api/use-api.ts';
import { Chart } from '../../components/chart.tsx';

const DAYS_SHOWN = 30;
const MONTHS_SHOWN = 12;

/** The account's energy use by day and by month from stored interval data; the placeholder while there is none. */
export function UsagePanel(props: { accountId: string }) {
  const { t, i18n } = useTranslation();
  const to = daysBefore(1);
  const from = daysBefore(DAYS_SHOWN);
  const now = new Date();
  const monthFrom = new Date(Date.UTC(now.getFullYear(), now.getMonth() - MONTHS_SHOWN + 1, 1))
    .toISOString()
    .slice(0, 10);
  const daily = useApi(() => meteringApi.usage(props.accountId, from, to, 'day'), `usage-d:${props.accountId}:${from}`);
  const monthly = useApi(
    () => meteringApi.usage(props.accountId, monthFrom, to, 'month'),
    `usage-m:${props.accountId}:${monthFrom}`,
  );
  const hasData = (daily.data ?? []).some((p) => p.daysWithData > 0 || p.wh > 0);
  const dayOption = useMemo(
    () => barOption(daily.data ?? [], (p) => p.period.slice(5), t('metering.usage.kwh')),
    [daily.data, t, i18n.language],
  );
  const monthOption = useMemo(
    () => barOption(monthly.data ?? [], (p) => p.period, t('metering.usage.kwh')),
    [monthly.data, t, i18n.language],
  );
  if (!hasData) {
    return (
      <section className="card" data-testid="usage-panel">
        <h3>{t('chart.usageTitle')}</h3>
        <p className="empty-chart muted" data-testid="no-usage">
          {t('chart.noUsage')}
        </p>
      </section>
    );
  }
  const partial = (daily.data ?? []).some((p) => p.quality !== 'actual');
  return (
    <section className="card" data-testid="usage-panel">
      <h3>{t('metering.usage.daily')}</h3>
      <Chart option={dayOption} height={200} label={t('metering.usage.daily')} testId="usage-daily-chart" />
      <h3>{t('metering.usage.monthly')}</h3>
      <Chart option={monthOption} height={200} label={t('metering.usage.monthly')} testId="usage-monthly-chart" />
      {partial && <p className="muted small">{t('metering.usage.partial')}</p>}
    </section>
  );
}

function barOption(points: UsagePoint[], label: (p: UsagePoint) => string, unit: string) {
  return {
    animation: false,
    grid: { left: 16, right: 16, top: 24, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: points.map(label) },
    yAxis: { type: 'value', name: unit },
    series: [
      {
        type: 'bar',
        name: unit,
        data: points.map((p) => ({
          value: Math.round(p.kwh * 100) / 100,
          // Estimated, edited or incomplete periods are drawn lighter.
          itemStyle: { color: p.quality === 'actual' ? '#1f6f5c' : '#8fbfb2' },
        })),
        barMaxWidth: 24,
      },
    ],
  };
}
