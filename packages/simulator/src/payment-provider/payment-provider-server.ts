/**
 * A payment provider simulator as a tiny HTTP server: orders are created by the merchant (signed),
 * paid by the customer on a confirm page (or by a test via JSON), announced to the merchant by a
 * signed asynchronous callback with retries and deliberate duplicates, queried and closed, and
 * listed in a daily statement file. It runs in its own process in tests and as a child of the demo.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendCallback, type CallbackBehaviour } from './callback-sender.ts';
import { ProviderOrders, type ProviderOrder } from './provider-orders.ts';
import { SIGNATURE_HEADER, sign, verify } from './provider-signature.ts';
import { confirmPage } from './confirm-page.ts';

/** Largest request body the simulator reads. */
export const PROVIDER_BODY_LIMIT = 64 * 1024;

export interface ProviderOptions {
  port: number;
  host?: string;
  secret: string;
  /** Notify URL for orders registered without one. */
  callbackUrl?: string;
  behaviour?: Partial<CallbackBehaviour>;
  now?: () => Date;
}

export interface RunningProvider {
  url: string;
  orders: ProviderOrders;
  behaviour: CallbackBehaviour;
  /** Callbacks still being delivered (tests wait for them). */
  pending: Set<Promise<number>>;
  close(): Promise<void>;
}

/** Starts the simulator; resolves once it listens. */
export async function startPaymentProvider(opts: ProviderOptions): Promise<RunningProvider> {
  const orders = new ProviderOrders();
  const behaviour: CallbackBehaviour = { duplicates: true, drop: false, delayMs: 0, ...opts.behaviour };
  const now = opts.now ?? (() => new Date());
  const pending = new Set<Promise<number>>();
  let base = '';

  const notify = (o: ProviderOrder) => {
    const p = sendCallback(o, opts.secret, behaviour);
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };

  const send = (res: ServerResponse, status: number, body: unknown, type = 'application/json') => {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': type, [SIGNATURE_HEADER]: sign(opts.secret, raw) });
    res.end(raw);
  };
  const view = (o: ProviderOrder) => ({
    orderId: o.orderId,
    status: o.status,
    amountFen: o.amountFen,
    ...(o.providerTxnId ? { providerTxnId: o.providerTxnId, paidAt: o.paidAt } : {}),
    ...(o.refundedFen ? { refundedFen: o.refundedFen } : {}),
  });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    const signed = () => verify(opts.secret, raw, req.headers[SIGNATURE_HEADER] as string | undefined);
    let m: RegExpExecArray | null;
    if (req.method === 'POST' && path === '/orders') {
      if (!signed()) return send(res, 401, { error: 'bad signature' });
      const b = JSON.parse(raw) as Omit<ProviderOrder, 'status'>;
      if (!b.orderId || !Number.isSafeInteger(b.amountFen) || b.amountFen <= 0)
        return send(res, 400, { error: 'bad order' });
      const o = orders.create({ ...b, notifyUrl: b.notifyUrl || opts.callbackUrl || '' });
      return send(res, 200, { ...view(o), payUrl: `${base}/pay/${encodeURIComponent(o.orderId)}` });
    }
    if ((m = /^\/orders\/([^/]+)(\/close|\/pay|\/fail|\/refund)?$/.exec(path))) {
      const id = decodeURIComponent(m[1]);
      const action = m[2];
      if (action === '/pay' && req.method === 'POST') {
        const before = orders.get(id)?.status;
        const o = orders.pay(id, now());
        if (!o) return send(res, 404, { error: 'no such order' });
        if (before === 'created' && o.status === 'paid') notify(o);
        return send(res, 200, view(o));
      }
      if (action === '/fail' && req.method === 'POST') {
        const o = orders.fail(id);
        return o ? send(res, 200, view(o)) : send(res, 404, { error: 'no such order' });
      }
      if (!signed()) return send(res, 401, { error: 'bad signature' });
      if (action === '/refund' && req.method === 'POST') {
        const b = JSON.parse(raw) as { refundId?: unknown; amountFen?: unknown };
        if (typeof b.refundId !== 'string' || !b.refundId || typeof b.amountFen !== 'number')
          return send(res, 400, { error: 'bad refund' });
        const r = orders.refund(id, b.refundId, b.amountFen, now(), behaviour.refundFailure || undefined);
        return r ? send(res, 200, r) : send(res, 404, { error: 'no such order' });
      }
      const o = action === '/close' && req.method === 'POST' ? orders.close(id) : orders.get(id);
      return o ? send(res, 200, view(o)) : send(res, 404, { error: 'no such order' });
    }
    if ((m = /^\/pay\/([^/]+)(\/confirm)?$/.exec(path))) {
      const id = decodeURIComponent(m[1]);
      const o = orders.get(id);
      if (!o) return send(res, 404, '<h1>no such order</h1>', 'text/html; charset=utf-8');
      if (m[2] && req.method === 'POST') {
        if (o.status === 'created') notify(orders.pay(id, now())!);
        res.writeHead(303, { location: o.returnUrl || '/' });
        return res.end();
      }
      return send(res, 200, confirmPage(o), 'text/html; charset=utf-8');
    }
    if (req.method === 'GET' && (m = /^\/statements\/(\d{4}-\d{2}-\d{2})$/.exec(path))) {
      return send(res, 200, orders.statement(m[1]), 'text/csv; charset=utf-8');
    }
    if (req.method === 'GET' && (m = /^\/admin\/orders\/([^/]+)\/refunds$/.exec(path))) {
      return send(res, 200, orders.refundsOf(decodeURIComponent(m[1])));
    }
    if (req.method === 'POST' && path === '/admin/behaviour') {
      Object.assign(behaviour, JSON.parse(raw || '{}') as Partial<CallbackBehaviour>);
      return send(res, 200, behaviour);
    }
    return send(res, 404, { error: 'not found' });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => send(res, 400, { error: (e as Error).message }));
  });
  await new Promise<void>((resolve) => server.listen(opts.port, opts.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://${opts.host ?? '127.0.0.1'}:${port}`;
  return {
    url: base,
    orders,
    behaviour,
    pending,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > PROVIDER_BODY_LIMIT) reject(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
