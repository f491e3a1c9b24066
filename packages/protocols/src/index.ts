// Public API of @meterflow/protocols. Each protocol keeps its exports in one block.

// --- DL/T 645-2007 (./dlt645): import as `dlt645.x`, or from '@meterflow/protocols/dlt645/index' ---
export * as dlt645 from './dlt645/index.ts';
export { Dlt645StreamParser } from './dlt645/stream-parser.ts';
export type { Dlt645Frame } from './dlt645/frame.ts';
export type { Dlt645Message, Dlt645Body } from './dlt645/message.ts';
// --- end DL/T 645-2007 ---

// --- COMTRADE and waveform CSV (./comtrade, ./waveform-csv) ---
export { readComtrade, readComtradeCff } from './comtrade/read-comtrade.ts';
export { parseComtradeConfig } from './comtrade/comtrade-config.ts';
export type {
  ComtradeConfig,
  ComtradeAnalogChannel,
  ComtradeDigitalChannel,
  ComtradeDataFormat,
} from './comtrade/comtrade-config.ts';
export type { ComtradeRecord } from './comtrade/comtrade-data.ts';
export { comtradeToWaveform } from './comtrade/comtrade-waveform.ts';
export type { WaveformChannels } from './comtrade/comtrade-waveform.ts';
export { readWaveformCsv } from './waveform-csv/read-waveform-csv.ts';
export type { WaveformCsv } from './waveform-csv/read-waveform-csv.ts';
// --- end COMTRADE and waveform CSV ---

// --- Interval data: CSV, binary batch, UCI household import (./interval, ./uci) ---
export { parseIntervalCsv } from './interval/interval-csv-parser.ts';
export type { IntervalCsvResult, CsvRowError } from './interval/interval-csv-parser.ts';
export { formatIntervalCsv } from './interval/interval-csv-writer.ts';
export { encodeIntervalBatch } from './interval/interval-batch-encoder.ts';
export { decodeIntervalBatch } from './interval/interval-batch-decoder.ts';
export { importUciHousehold } from './uci/uci-household-import.ts';
export type { UciImportOptions, UciImportResult, DayRegister } from './uci/uci-household-import.ts';
// --- end interval data ---
