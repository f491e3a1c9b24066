export * from './meter-topics.ts';
export * from './meter-reading-message.ts';
