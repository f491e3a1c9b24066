import './metering.css';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { daysBefore, meteringApi, QUALITY_CODES, type MeterReads } from '../../../api/metering-api.ts';
import { useApi } from '../../../api/use-api.ts';
import { Chart } from '../../../components/chart.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';

/** A colour per quality flag (actual, estimated, edited, suspect, missing), readable for colour-blind users too. */
const QUALITY_COLOURS = ['#1f6f5c', '#e69f00', '#0072b2', '#d55e00', '#999999'];

/** A meter's quarter-hour values as bars coloured by quality flag, with counts per flag. */
export function MeterReadsPage(props: { meterId: string; date?: string }) {
  const { t, i18n } = useTranslation();
  const initialTo = props.date ?? daysBefore(1);
  const [range, setRange] = useState({ from: props.date ?? daysBefore(3), to: initialTo });
  const [draft, setDraft] = useState(range);
  const reads = useApi(
    () => meteringApi.meterReads(props.meterId, range.from, range.to),
    `reads:${props.meterId}:${range.from}:${range.to}`,
  );
  const counts = useMemo(() => qualityCounts(reads.data), [reads.data]);
  const option = useMemo(() => chartOption(reads.data, (k) => t(k)), [reads.data, t, i18n.language]);
  return (
    <section data-testid="meter-reads-page">
      <h2>{t('metering.meter.title', { id: props.meterId })}</h2>
      <form
        className="search-form"
        onSubmit={(e) => {
          e.preventDefault();
          setRange(draft);
        }}
      >
        <label>
          {t('metering.meter.from')}
          <input type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </label>
        <label>
          {t('metering.meter.to')}
          <input type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </label>
        <button type="submit" className="button">
          {t('metering.meter.show')}
        </button>
      </form>
      {reads.loading && <Loading />}
      {reads.error && <ErrorMessage error={reads.error} onRetry={reads.reload} />}
      {reads.data && reads.data.days.length === 0 && <p className="muted">{t('metering.meter.noData')}</p>}
      {reads.data && reads.data.days.length > 0 && (
        <>
          <section className="card">
            <Chart option={option} height={320} label={t('metering.meter.axis')} testId="meter-chart" />
          </section>
          <section className="card">
            <h3>{t('metering.meter.counts')}</h3>
            <ul className="quality-legend" data-testid="quality-legend">
              {QUALITY_CODES.map((q, i) => (
                <li key={q} data-testid={`quality-${q}`} data-count={counts[i]}>
                  <span className="swatch" style={{ background: QUALITY_COLOURS[i] }} aria-hidden="true" />
                  {t(`metering.quality.${q}`)}: <strong>{counts[i]}</strong>
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </section>
  );
}

function qualityCounts(data: MeterReads | undefined): number[] {
  const out = [0, 0, 0, 0, 0];
  for (const d of data?.days ?? []) for (const q of d.quality) out[q]++;
  return out;
}

function chartOption(data: MeterReads | undefined, t: (k: string) => string) {
  const labels: string[] = [];
  const points: { value: number; itemStyle: { color: string }; quality: string }[] = [];
  for (const d of data?.days ?? []) {
    d.values.forEach((v, i) => {
      const minutes = i * 15;
      labels.push(
        `${d.date.slice(5)} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`,
      );
      points.push({
        value: v,
        itemStyle: { color: QUALITY_COLOURS[d.quality[i]] },
        quality: t(`metering.quality.${QUALITY_CODES[d.quality[i]]}`),
      });
    });
  }
  return {
    animation: false,
    grid: { left: 16, right: 16, top: 24, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      formatter: (p: { name: string; value: number; data: { quality: string } }[]) =>
        `${p[0].name}<br/>${p[0].value} Wh · ${p[0].data.quality}`,
    },
    xAxis: { type: 'category', data: labels },
    yAxis: { type: 'value', name: 'Wh' },
    series: [{ type: 'bar', name: t('metering.meter.axis'), data: points, barCategoryGap: '10%' }],
  };
}
