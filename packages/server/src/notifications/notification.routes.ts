import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { principalOf } from '../auth/authenticate.ts';
import { commonErrors } from '../http/error-body.ts';
import type { Services } from '../services.ts';

/** Interval of the comment line that keeps an idle event stream open through proxies. */
export const SSE_KEEPALIVE_MS = 25_000;
const INBOX_PAGE = 50;

const InboxMessage = Type.Object({
  id: Type.String(),
  subject: Type.String(),
  body: Type.String(),
  createdAt: Type.String(),
  readAt: Type.Union([Type.String(), Type.Null()]),
});

const OutboxView = Type.Object({
  id: Type.String(),
  personId: Type.String(),
  channel: Type.String(),
  recipient: Type.String(),
  templateId: Type.String(),
  priority: Type.String(),
  status: Type.String(),
  attempts: Type.Integer(),
  createdAt: Type.String(),
  sentAt: Type.Union([Type.String(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  receiptStatus: Type.Union([Type.String(), Type.Null()]),
});

/** In-app inbox (list, read, live stream), provider delivery receipts, and the outbox for staff. */
export function notificationRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onListen', async function () {
    const a = this.server.address() as AddressInfo | null;
    if (a && typeof a === 'object')
      s.notifications.setReceiptUrl(`http://127.0.0.1:${a.port}/api/notifications/receipts`);
  });

  r.get(
    '/api/notifications/inbox',
    {
      schema: {
        tags: ['notifications'],
        summary: "The signed-in user's in-app messages, newest first, and how many are unread",
        response: { 200: Type.Object({ items: Type.Array(InboxMessage), unread: Type.Integer() }), ...commonErrors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const inbox = s.store.notifications.inbox;
      const items = await inbox.list(p.userId, INBOX_PAGE);
      return {
        items: items.map(({ id, subject, body, createdAt, readAt }) => ({ id, subject, body, createdAt, readAt })),
        unread: await inbox.unreadCount(p.userId),
      };
    },
  );

  r.post(
    '/api/notifications/inbox/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Marks in-app messages read',
        body: Type.Object({ ids: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 200 }) }),
        response: { 200: Type.Object({ changed: Type.Integer() }), ...commonErrors },
      },
    },
    async (req) => ({
      changed: await s.store.notifications.inbox.markRead(principalOf(req).userId, req.body.ids, s.clock.now()),
    }),
  );

  r.get(
    '/api/notifications/stream',
    { schema: { tags: ['notifications'], summary: 'New in-app messages, live (Server-Sent Events, event `message`)' } },
    (req, reply) => {
      const p = principalOf(req);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      const off = s.notifications.feed.subscribe(p.userId, (m) => {
        const { id, subject, body, createdAt, readAt } = m;
        res.write(`event: message\ndata: ${JSON.stringify({ id, subject, body, createdAt, readAt })}\n\n`);
      });
      const timer = setInterval(() => res.write(': keep-alive\n\n'), SSE_KEEPALIVE_MS);
      req.raw.on('close', () => {
        clearInterval(timer);
        off();
      });
    },
  );

  r.post(
    '/api/notifications/receipts',
    {
      config: { public: true },
      schema: {
        tags: ['notifications'],
        summary: 'Delivery receipt callback for the SMS and voice providers',
        security: [],
        body: Type.Object({
          messageId: Type.String({ minLength: 1, maxLength: 200 }),
          kind: Type.Union([Type.Literal('sms'), Type.Literal('voice')]),
          status: Type.String({ minLength: 1, maxLength: 40 }),
          at: Type.String({ maxLength: 40 }),
        }),
        response: { 200: Type.Object({ matched: Type.Boolean() }), ...commonErrors },
      },
    },
    async (req) => {
      const b = req.body;
      return { matched: (await s.notifications.service.receipt(b.kind, b.messageId, b.status, b.at, b)) !== null };
    },
  );

  r.get(
    '/api/notifications/outbox',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Recent outbox messages with their delivery state (staff)',
        querystring: Type.Object({
          status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('dead')])),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(OutboxView) }), ...commonErrors },
      },
    },
    async (req) => {
      s.access.requireStaff(principalOf(req));
      const items = await s.store.notifications.outbox.list({
        status: req.query.status,
        limit: req.query.limit ?? 100,
      });
      return {
        items: items.map((i) => ({
          id: i.id,
          personId: i.personId,
          channel: i.channel,
          recipient: i.recipient,
          templateId: i.templateId,
          priority: i.priority,
          status: i.status,
          attempts: i.attempts,
          createdAt: i.createdAt,
          sentAt: i.sentAt ?? null,
          lastError: i.lastError ?? null,
          receiptStatus: i.receiptStatus,
        })),
      };
    },
  );
}
