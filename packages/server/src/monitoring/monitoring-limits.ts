/** Limits of the monitoring context, as named constants. */

/** Largest waveform upload over HTTP (about a minute of six channels at 10 kHz as CSV); bigger files use the CLI. */
export const PQ_UPLOAD_LIMIT_BYTES = 32 * 1024 * 1024;
/** Largest weather, policy or production import. */
export const IMPORT_LIMIT_BYTES = 8 * 1024 * 1024;
/** Rows of one import file. */
export const IMPORT_ROWS_MAX = 100_000;
/** Problems reported for one import (the rest are counted). */
export const IMPORT_ISSUES_MAX = 1000;
/** Summaries in one message or request. */
export const SUMMARIES_PER_MESSAGE_MAX = 1000;
/** Events on the dashboard and rows on a list page. */
export const DASHBOARD_EVENTS_MAX = 500;
export const RISK_LIST_MAX = 200;
/** Days of daily energy an assessment fits its baseline on, and the days it judges. */
export const RISK_HISTORY_DAYS = 56;
export const RISK_PERIOD_DAYS = 7;
/** A meter's instantaneous value read up to this long after the assessed period still counts (the night's poll before the morning job). */
export const RISK_INSTANT_LATE_MS = 24 * 3600_000;
/** Accounts assessed per transaction of the risk job. */
export const RISK_BATCH = 200;
/** Declared phase-to-neutral voltage of low-voltage supply when nothing else is known. */
export const DECLARED_VOLTAGE_V = 220;
/** The voltage level assumed for an account whose level cannot be read (see declared-voltages.json). */
export const FALLBACK_VOLTAGE_LEVEL = '0.22kV';
/** The MQTT topic part after the scheme prefix (docs/metering.md): `{prefix}/pq/{subjectId}/summary`. */
export const PQ_TOPIC_SEGMENT = 'pq';
/** Largest PQ summary message over MQTT (1,000 summaries of JSON fit well within it). */
export const PQ_MESSAGE_BYTES_MAX = 1024 * 1024;
/** Characters of a refused message kept with its problems. */
export const PQ_REJECT_RAW_CHARS_MAX = 64 * 1024;
/** The PQ subscriber reconnects to the broker every this many ms. */
export const PQ_MQTT_RECONNECT_MS = 2000;
