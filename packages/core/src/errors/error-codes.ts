/**
 * The one catalogue of expected failures. Every code is stable (clients may branch on it), has a
 * one-line meaning here and an entry in docs/errors.md; the server maps each to an HTTP status in
 * packages/server/src/http/error-status.ts. Add a code here first, then the other two places.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: 'The input broke one or more rules; `details` lists each problem with its path.',
  UNAUTHENTICATED: 'No valid session: log in first, or the session expired.',
  INVALID_CREDENTIALS: 'The user name or password is wrong.',
  FORBIDDEN: 'The signed-in user may not see or change this resource.',
  NOT_FOUND: 'No such resource, or it is outside what the user may see.',
  CONFLICT: 'The resource changed or already exists; reload and try again.',
  RATE_LIMITED: 'Too many requests in a short time; wait and retry.',
  PAYLOAD_TOO_LARGE: 'The request body is larger than the route accepts.',
  UNSUPPORTED_MEDIA_TYPE: 'The request body has a content type the route does not accept.',
  IDEMPOTENCY_KEY_REUSED: 'The idempotency key was used before with a different request body.',
  FRAME_INVALID: 'A DL/T 645 frame is malformed: bad checksum, length, BCD digit or layout.',
  IMPORT_REJECTED: 'An import file was rejected as a whole; `details` names the line or byte.',
  PAYLOAD_CORRUPT:
    'A binary payload (interval batch or stored block) is truncated, fails its checksum or breaks its layout; `details` names the byte.',
  TARIFF_INVALID: 'A tariff document breaks its schema or its rules.',
  STATE_INVALID: 'The action is not allowed in the resource’s current state.',
  SIGNATURE_INVALID: 'A signed callback or answer from a payment provider failed its signature check.',
  PROVIDER_UNAVAILABLE: 'The payment provider could not be reached or gave an unusable answer; retry later.',
  INTERNAL: 'An unexpected fault in the server; it has been logged.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** One problem found in an input, located by a JSON-pointer-like path (e.g. `/rows/12/kwh`). */
export interface Issue {
  path: string;
  message: string;
}

/** An expected failure with a stable code. Thrown across layers, mapped to a response at the edge. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: readonly Issue[];

  constructor(code: ErrorCode, message: string, details: readonly Issue[] = []) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** Throws VALIDATION_FAILED with every issue at once when the list is not empty. */
export function assertNoIssues(issues: readonly Issue[], what: string): void {
  if (issues.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      `${what}: ${issues.length} problem(s), first at ${issues[0].path}: ${issues[0].message}`,
      issues,
    );
  }
}
