/** A failed API call, carrying the server's stable error code (or NETWORK / UNKNOWN from the client). */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: { path: string; message: string }[];

  constructor(code: string, status: number, message: string, details: { path: string; message: string }[] = []) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}
