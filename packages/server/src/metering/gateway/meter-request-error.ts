/** Why a request to a meter produced no usable reply. */
export type MeterFailureReason = 'timeout' | 'connection' | 'queue-full' | 'closed' | 'error-reply' | 'invalid-reply';

/** A failed exchange with a meter; `retryable` failures may succeed on another attempt. */
export class MeterRequestError extends Error {
  constructor(
    readonly reason: MeterFailureReason,
    message: string,
    readonly errorWord?: number,
  ) {
    super(message);
    this.name = 'MeterRequestError';
  }

  get retryable(): boolean {
    return this.reason === 'timeout' || this.reason === 'connection';
  }
}
