import type { Kysely } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import type { Database } from '../schema.ts';
import type { SqlDialect } from '../sql-dialect.ts';
import { IntervalBlockRepository } from './interval-block.repository.ts';
import { MeterReadingRepository } from './meter-reading.repository.ts';
import { VeeExceptionRepository } from './vee-exception.repository.ts';
import { IngestBatchRepository } from './ingest-batch.repository.ts';
import { IntervalEditRepository } from './interval-edit.repository.ts';
import { CollectionRepository } from './collection.repository.ts';
import { MeterInstantRepository } from './meter-instant.repository.ts';

/** The metering context's repositories over one connection or transaction. */
export class MeteringStore {
  readonly blocks: IntervalBlockRepository;
  readonly reads: MeterReadingRepository;
  readonly exceptions: VeeExceptionRepository;
  readonly batches: IngestBatchRepository;
  readonly edits: IntervalEditRepository;
  readonly collection: CollectionRepository;
  readonly instants: MeterInstantRepository;

  constructor(db: Kysely<Database>, dialect: SqlDialect, sqlite?: SqliteDatabase.Database) {
    this.blocks = new IntervalBlockRepository(db, dialect, sqlite);
    this.reads = new MeterReadingRepository(db);
    this.exceptions = new VeeExceptionRepository(db);
    this.batches = new IngestBatchRepository(db);
    this.edits = new IntervalEditRepository(db);
    this.collection = new CollectionRepository(db);
    this.instants = new MeterInstantRepository(db);
  }
}
