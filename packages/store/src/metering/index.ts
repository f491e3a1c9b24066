export * from './metering-store.ts';
export * from './interval-block.repository.ts';
export * from './meter-reading.repository.ts';
export * from './vee-exception.repository.ts';
export * from './ingest-batch.repository.ts';
export * from './interval-edit.repository.ts';
export * from './collection.repository.ts';
export * from './meter-instant.repository.ts';
