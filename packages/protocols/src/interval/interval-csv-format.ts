/**
 * MeterFlow interval CSV, version 1: one row per meter channel and local day.
 *
 *     meter,channel,date,v1,v2,…,v96
 *     000012345678,1,2024-03-01,120,118,,131E,…
 *
 * - `meter`: 1–32 characters of [0-9A-Za-z_.-]; `channel`: 1–255; `date`: local `YYYY-MM-DD`.
 * - `v1…vN`: integer Wh for each slot; the header fixes N (96 = 15-minute slots, 24 = hourly;
 *   1440 must divide by N). An empty cell is a missing value. A value may end in one quality
 *   letter: A actual (the default), E estimated, D edited, S suspect.
 * - Lines starting with `#` and blank lines are skipped; `\n` and `\r\n` both end a line.
 *   There is no quoting: no field can contain a comma.
 */
import { QUALITY, type QualityFlag } from '@meterflow/core/metering/quality-flag';

export const CSV_FIXED_COLUMNS = ['meter', 'channel', 'date'] as const;
export const CSV_METER_ID_MAX_CHARS = 32;
export const CSV_CHANNEL_MAX = 255;
/** Largest file accepted in one call (bytes); bigger imports are split by the caller. */
export const CSV_BYTES_MAX = 1 << 30;
/** Bad rows listed in one report; beyond this the report says it was cut short. */
export const CSV_ERRORS_MAX = 10_000;

/** Quality suffix letter (char code) → flag. */
export const CSV_QUALITY_BY_LETTER: Readonly<Record<number, QualityFlag>> = {
  65: QUALITY.ACTUAL, // A
  69: QUALITY.ESTIMATED, // E
  68: QUALITY.EDITED, // D
  83: QUALITY.SUSPECT, // S
};

/** Flag → suffix written after a value (actual has none; missing is an empty cell). */
export const CSV_LETTER_BY_QUALITY: Readonly<Record<number, string>> = { 0: '', 1: 'E', 2: 'D', 3: 'S', 4: '' };
