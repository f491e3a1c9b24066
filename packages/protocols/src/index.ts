// Public API of @meterflow/protocols. Each protocol keeps its exports in one block.

// --- DL/T 645-2007 (./dlt645): import as `dlt645.x`, or from '@meterflow/protocols/dlt645/index' ---
export * as dlt645 from './dlt645/index.ts';
export { Dlt645StreamParser } from './dlt645/stream-parser.ts';
export type { Dlt645Frame } from './dlt645/frame.ts';
export type { Dlt645Message, Dlt645Body } from './dlt645/message.ts';
// --- end DL/T 645-2007 ---
