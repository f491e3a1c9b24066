import type { ErrorCode } from '@meterflow/core';

/** The one place where an error code becomes an HTTP status. The type makes it exhaustive. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  FRAME_INVALID: 400,
  IMPORT_REJECTED: 400,
  TARIFF_INVALID: 400,
  STATE_INVALID: 409,
  PAYLOAD_CORRUPT: 400,
  INTERNAL: 500,
};
