import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorCode, type Issue, isAppError } from '@meterflow/core';
import { ERROR_STATUS } from './error-status.ts';

interface ErrorReply {
  status: number;
  code: ErrorCode;
  message: string;
  details: Issue[];
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'VALIDATION_FAILED',
  FST_ERR_CTP_INVALID_JSON_BODY: 'VALIDATION_FAILED',
};

/** Turns any thrown error into the one error body; unexpected ones are logged and hidden. */
export function toErrorReply(err: unknown): ErrorReply {
  if (isAppError(err)) {
    return { status: ERROR_STATUS[err.code], code: err.code, message: err.message, details: [...err.details] };
  }
  const fe = err as FastifyError & { validationContext?: string };
  if (fe.validation) {
    const where = fe.validationContext ?? 'body';
    const details = fe.validation.map((v) => {
      const missing = (v.params as { missingProperty?: string } | undefined)?.missingProperty;
      const extra = (v.params as { additionalProperty?: string } | undefined)?.additionalProperty;
      const path = `/${where}${v.instancePath ?? ''}${missing ? `/${missing}` : ''}${extra ? `/${extra}` : ''}`;
      return { path, message: extra ? 'is not an allowed property' : (v.message ?? 'is invalid') };
    });
    return {
      status: 400,
      code: 'VALIDATION_FAILED',
      message: `invalid ${where}: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}`,
      details,
    };
  }
  const mapped = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (mapped) {
    const path = '/body';
    return {
      status: ERROR_STATUS[mapped],
      code: mapped,
      message: fe.message,
      details: [{ path, message: fe.message }],
    };
  }
  if (fe.statusCode === 429) {
    return { status: 429, code: 'RATE_LIMITED', message: 'too many requests; wait a minute and retry', details: [] };
  }
  if (err instanceof SyntaxError) {
    return {
      status: 400,
      code: 'VALIDATION_FAILED',
      message: err.message,
      details: [{ path: '/body', message: err.message }],
    };
  }
  return { status: 500, code: 'INTERNAL', message: 'internal error; it has been logged', details: [] };
}

export function errorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const r = toErrorReply(err);
  if (r.status >= 500) request.log.error({ err }, 'unexpected error');
  else request.log.info({ code: r.code, status: r.status }, r.message);
  void reply.status(r.status).send({ error: { code: r.code, message: r.message, details: r.details } });
}
