import type { EChartsCoreOption, EChartsType } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** An ECharts chart; ECharts itself is fetched the first time any chart mounts. */
export function Chart(props: { option: EChartsCoreOption; height?: number; label: string; testId?: string }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    import('./echarts-setup.ts').then(
      ({ init }) => {
        if (disposed || !box.current) return;
        chart.current = init(box.current);
        observer = new ResizeObserver(() => chart.current?.resize());
        observer.observe(box.current);
        setState('ready');
      },
      () => !disposed && setState('failed'),
    );
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (state === 'ready') chart.current?.setOption(props.option, { notMerge: true });
  }, [state, props.option]);

  return (
    <figure className="chart" data-testid={props.testId ?? 'chart'} data-state={state}>
      <div
        ref={box}
        className="chart-canvas"
        style={{ height: props.height ?? 240 }}
        role="img"
        aria-label={props.label}
      />
      {state === 'loading' && <p className="chart-overlay muted">{t('chart.loading')}</p>}
      {state === 'failed' && <p className="chart-overlay alert">{t('chart.failed')}</p>}
    </figure>
  );
}
