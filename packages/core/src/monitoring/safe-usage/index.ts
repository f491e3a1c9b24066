export * from './assess-safe-usage.ts';
export * from './degree-day-baseline.ts';
export * from './least-squares.ts';
export * from './risk-score.ts';
export * from './safe-usage-finding.ts';
export * from './safe-usage-input.ts';
export * from './safe-usage-thresholds.ts';
export { percentileRank } from './detectors/peer-comparison.ts';
