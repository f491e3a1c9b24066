/** What a bar stands for: work going on, finished, stopped by an error, or not started yet. */
export type ProgressState = 'running' | 'done' | 'failed' | 'waiting';

/** Whole percent of `done` out of `total`, rounded down: 100 only once everything is done. */
export function percentOf(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.floor((done * 100) / total));
}

/**
 * A horizontal progress bar (`role="progressbar"`, value in percent) coloured by its state. The
 * figures in words go beside it, where the caller can say what is counted.
 */
export function ProgressBar(props: {
  done: number;
  total: number;
  state: ProgressState;
  /** What the bar measures, read out by screen readers. */
  label: string;
  testId?: string;
}) {
  const percent = percentOf(props.done, props.total);
  return (
    <div
      className={`progress progress-${props.state}`}
      role="progressbar"
      aria-label={props.label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={`${props.done} / ${props.total} (${percent}%)`}
      data-testid={props.testId}
      data-state={props.state}
    >
      <div className="progress-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}
