import type { FastifyRequest } from 'fastify';
import { AppError } from '@meterflow/core';
import type { Principal } from './principal.ts';

export const SESSION_COOKIE = 'mf_session';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** The signed-in principal of a request, or UNAUTHENTICATED. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('UNAUTHENTICATED', 'log in first (no session, or it expired)');
  return request.principal;
}
