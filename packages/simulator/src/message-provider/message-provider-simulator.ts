import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '@meterflow/core';

/** Largest request body the simulator reads. */
export const PROVIDER_BODY_LIMIT_BYTES = 16_384;
/** Most messages kept in memory; older ones are dropped first. */
export const PROVIDER_MAX_RECORDED = 10_000;
/** Longest text accepted (a long SMS is split by real gateways; 500 characters is plenty here). */
export const PROVIDER_MAX_TEXT_CHARS = 500;
/** Recipients starting with this answer "busy" (HTTP 503): lets tests exercise retries. */
export const BUSY_PREFIX = '19999';

export type ProviderKind = 'sms' | 'voice';

/** A message as the simulated provider recorded it. */
export interface RecordedMessage {
  messageId: string;
  kind: ProviderKind;
  to: string;
  text: string;
  clientRef: string;
  acceptedAt: string;
  receipt: 'pending' | 'delivered' | 'failed';
}

export interface MessageProviderOptions {
  clock: Clock;
  /** Delay before a delivery receipt is posted back. */
  receiptDelayMs?: number;
  /** Where receipts go when a request names no callback URL. */
  callbackUrl?: string;
  host?: string;
}

const PHONE = /^\+?\d{5,15}$/;

/**
 * A stand-in for an SMS gateway and a voice-call robot, spoken to over HTTP: it records every
 * accepted message, answers with a message id, and later posts a delivery receipt to the caller's
 * callback URL, as real providers do asynchronously.
 */
export class MessageProviderSimulator {
  private server: Server | null = null;
  private seq = 0;
  readonly messages: RecordedMessage[] = [];
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(private readonly options: MessageProviderOptions) {}

  /** Starts listening; resolves to the base URL. */
  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, this.options.host ?? '127.0.0.1', () => resolve());
    });
    const a = this.server.address() as AddressInfo;
    return `http://${a.address}:${a.port}`;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    try {
      const m = /^\/v1\/(sms|voice)$/.exec(url.pathname);
      if (req.method === 'POST' && m) return this.accept(m[1] as ProviderKind, await readJson(req), res);
      if (req.method === 'GET' && url.pathname === '/v1/messages') {
        const to = url.searchParams.get('to');
        return send(res, 200, { items: this.messages.filter((x) => !to || x.to === to) });
      }
      send(res, 404, { error: 'no such endpoint' });
    } catch (e) {
      send(res, 400, { error: e instanceof Error ? e.message : String(e) });
    }
  }

  private accept(kind: ProviderKind, body: Record<string, unknown>, res: ServerResponse): void {
    const to = typeof body.to === 'string' ? body.to : '';
    const text = typeof body.text === 'string' ? body.text : '';
    if (!PHONE.test(to)) return send(res, 400, { error: 'invalid recipient number' });
    if (text.length === 0 || text.length > PROVIDER_MAX_TEXT_CHARS)
      return send(res, 400, { error: `text must be 1..${PROVIDER_MAX_TEXT_CHARS} characters` });
    if (to.startsWith(BUSY_PREFIX)) return send(res, 503, { error: 'provider busy, retry later' });
    const clientRef = typeof body.clientRef === 'string' ? body.clientRef : '';
    const seen = clientRef ? this.messages.find((x) => x.kind === kind && x.clientRef === clientRef) : undefined;
    if (seen) return send(res, 200, { messageId: seen.messageId, duplicate: true });
    const msg: RecordedMessage = {
      messageId: `${kind}-${Date.now().toString(36)}-${++this.seq}`,
      kind,
      to,
      text,
      clientRef,
      acceptedAt: this.options.clock.now().toISOString(),
      receipt: 'pending',
    };
    this.messages.push(msg);
    if (this.messages.length > PROVIDER_MAX_RECORDED) this.messages.shift();
    send(res, 200, { messageId: msg.messageId });
    const callback =
      typeof body.callbackUrl === 'string' && body.callbackUrl ? body.callbackUrl : this.options.callbackUrl;
    if (callback) this.scheduleReceipt(msg, callback);
  }

  private scheduleReceipt(msg: RecordedMessage, callbackUrl: string): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      msg.receipt = 'delivered';
      const receipt = {
        messageId: msg.messageId,
        kind: msg.kind,
        status: 'delivered',
        at: this.options.clock.now().toISOString(),
      };
      fetch(callbackUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(receipt),
      }).catch(
        () => undefined, // the caller may be gone; a real provider would retry, the simulator does not need to
      );
    }, this.options.receiptDelayMs ?? 200);
    this.timers.add(t);
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > PROVIDER_BODY_LIMIT_BYTES) throw new Error('body too large');
    chunks.push(c);
  }
  const v: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('body must be a JSON object');
  return v as Record<string, unknown>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
