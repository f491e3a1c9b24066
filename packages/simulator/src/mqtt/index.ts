export * from './fleet-publisher.ts';
export * from './speed-clock.ts';
