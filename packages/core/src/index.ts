export * from './units/money.ts';
export * from './units/energy.ts';
export * from './errors/error-codes.ts';
export * from './time/clock.ts';
export * from './time/zone.ts';
export * from './random/seeded-random.ts';
