/**
 * MeterFlow interval batch payload, version 1 (MQTT messages and HTTP bodies), little-endian:
 *
 * | offset | size | field |
 * |---|---|---|
 * | 0 | 4 | magic `MFIB` |
 * | 4 | 1 | format version = 1 |
 * | 5 | 3 | reserved, zero |
 * | 8 | 4 | block count (u32) |
 * | 12 | 4 | CRC-32 (IEEE) of every byte after the header |
 * | 16 | … | blocks, back to back |
 *
 * Each block: meter id length L (u8, 1–32), L bytes of ASCII meter id, channel (u8), local date
 * as days since 1970-01-01 (u16, up to 2149-06-06), body length B (u16), then B bytes of the
 * block body from `@meterflow/core/metering/block-codec` (unit, slot minutes, slot count,
 * zigzag-delta varint values, quality bytes).
 */
export const BATCH_MAGIC = Uint8Array.from([0x4d, 0x46, 0x49, 0x42]); // "MFIB"
export const BATCH_FORMAT_VERSION = 1;
export const BATCH_HEADER_BYTES = 16;
/** Limits one payload so a broker message or request body stays bounded. */
export const BATCH_BLOCKS_MAX = 200_000;
export const BATCH_BYTES_MAX = 64 * 1024 * 1024;
export const BATCH_METER_ID_MAX_BYTES = 32;
export const BATCH_DAY_MAX = 0xffff;
