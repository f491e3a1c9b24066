/**
 * Limits of the DL/T 645 gateway. Defaults suit one RS-485 bus at 2400 bps behind a concentrator's
 * transparent channel: one request on the line at a time, a reply within about a second.
 */
/** Requests on the wire per connection at once; 1 because meters on a shared RS-485 bus cannot talk over each other. */
export const DEFAULT_MAX_IN_FLIGHT = 1;
/** Requests waiting per connection before new ones are refused. */
export const MAX_QUEUED_REQUESTS = 1024;
export const DEFAULT_REQUEST_TIMEOUT_MS = 2_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 3_000;
/** Extra attempts after a timeout or a lost connection; error replies are never retried. */
export const DEFAULT_RETRIES = 2;
export const RETRY_BACKOFF_BASE_MS = 100;
export const RETRY_BACKOFF_MAX_MS = 2_000;
export const RECONNECT_DELAY_BASE_MS = 200;
export const RECONNECT_DELAY_MAX_MS = 30_000;
/** Follow-up frames (12) fetched for one value before giving up. */
export const MAX_FOLLOW_UP_FRAMES = 16;
/** Meters a poller works on at once across all connections. */
export const DEFAULT_METERS_IN_PARALLEL = 64;
/** Consecutive timeouts after which a poller stops reading a meter for this round. */
export const MAX_TIMEOUTS_PER_METER = 1;
/** Clock drift above which a meter is reported as drifted (configurable; a common rule is 5 minutes for broadcast sync). */
export const DEFAULT_CLOCK_DRIFT_THRESHOLD_SECONDS = 60;
