export * from './message-provider-simulator.ts';
