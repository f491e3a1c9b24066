export * from './injected-fault.ts';
export * from './apply-fault.ts';
export * from './simulate-fleet-days.ts';
export * from './slot-range.ts';
export * from './score-vee-detection.ts';
