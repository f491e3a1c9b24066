export * from './seeded-random.ts';
export * from './customer-class.ts';
export * from './regional-weather.ts';
export * from './virtual-meter.ts';
export * from './load-profile.ts';
