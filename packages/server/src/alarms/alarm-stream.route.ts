import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { principalOf } from '../auth/authenticate.ts';
import type { Services } from '../services.ts';
import { commonErrors } from '../http/error-body.ts';
import { alarmScopeOf, inAlarmScope } from './alarm-scope.ts';
import { alarmView } from './alarm-views.ts';

/** Alarm changes per SSE message; a big sweep is sent as several messages. */
export const SSE_BATCH_MAX = 500;
/** A comment line this often keeps proxies from closing an idle stream. */
export const SSE_HEARTBEAT_MS = 15_000;
/** Browsers reconnect after this long when the stream drops. */
export const SSE_RETRY_MS = 3000;

/**
 * `GET /api/alarms/stream`: Server-Sent Events for the live board. Each `alarms` event carries
 * `{storedAtMs, changes: [{action, alarm}]}` for the alarms the user may see. A client reloads
 * the list when it (re)connects, so nothing is lost between connections.
 */
export function alarmStreamRoute(app: FastifyInstance, s: Services): void {
  const open = new Set<ServerResponse>();
  // End live streams before the server waits for its connections to close.
  app.addHook('preClose', async () => {
    for (const res of open) res.end();
    open.clear();
  });

  app.get(
    '/api/alarms/stream',
    {
      schema: {
        tags: ['alarms'],
        summary: 'Live alarm changes as Server-Sent Events (event `alarms`: {storedAtMs, changes[{action, alarm}]})',
        produces: ['text/event-stream'],
        response: { 200: Type.String({ description: 'text/event-stream' }), ...commonErrors },
      },
    },
    async (req, reply) => {
      const scope = await alarmScopeOf(s.access, principalOf(req));
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(`retry: ${SSE_RETRY_MS}\n: connected\n\n`);
      const unsubscribe = s.alarms.feed.subscribe((batch) => {
        const changes = batch.changes
          .filter((c) => inAlarmScope(scope, c.alarm.branchId))
          .map((c) => ({ action: c.action, alarm: alarmView(c.alarm) }));
        for (let i = 0; i < changes.length; i += SSE_BATCH_MAX) {
          const data = JSON.stringify({ storedAtMs: batch.storedAtMs, changes: changes.slice(i, i + SSE_BATCH_MAX) });
          res.write(`event: alarms\ndata: ${data}\n\n`);
        }
      });
      if (!unsubscribe) {
        res.end(`event: busy\ndata: {}\n\n`);
        return;
      }
      open.add(res);
      const heartbeat = setInterval(() => res.write(': ping\n\n'), SSE_HEARTBEAT_MS);
      heartbeat.unref?.();
      res.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(res);
      });
    },
  );
}
