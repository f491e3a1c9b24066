import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { Dlt645StreamParser, encodeMessage, frameToMessage } from '@meterflow/protocols/dlt645/index';
import type { Dlt645Frame, Dlt645Message, StreamEvent } from '@meterflow/protocols/dlt645/index';
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_MAX_IN_FLIGHT,
  MAX_QUEUED_REQUESTS,
  RECONNECT_DELAY_BASE_MS,
  RECONNECT_DELAY_MAX_MS,
} from './gateway-limits.ts';
import { MeterRequestError } from './meter-request-error.ts';

export interface MeterConnectionOptions {
  host: string;
  port: number;
  maxInFlight?: number;
  maxQueued?: number;
  connectTimeoutMs?: number;
  /** FE wake-up bytes sent before each request. */
  preamble?: number;
  /** Called for every stream problem (bad checksum, truncated frame...), e.g. to count it. */
  onProblem?: (event: Extract<StreamEvent, { type: 'problem' }>) => void;
}

/** Tells whether a reply answers a given request. */
export type ReplyMatcher = (reply: Dlt645Message) => boolean;

interface Job {
  msg: Dlt645Message;
  /** null: nothing comes back (broadcast); done once written. */
  match: ReplyMatcher | null;
  timeoutMs: number;
  resolve: (m: Dlt645Message | null) => void;
  reject: (e: MeterRequestError) => void;
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * One TCP connection to a meter or to a concentrator's transparent channel, which may reach several
 * meters. Requests queue; at most `maxInFlight` are on the wire, each with its own timeout. Replies
 * are matched to requests by the caller's matcher (address + identifier). A lost connection fails the
 * requests on the wire and is re-opened on the next request, after a growing delay.
 */
export class MeterConnection {
  private socket: Socket | null = null;
  private connecting: Promise<Socket> | null = null;
  private readonly parser = new Dlt645StreamParser();
  private readonly queue: Job[] = [];
  private readonly inFlight: Job[] = [];
  private failures = 0;
  private nextConnectAt = 0;
  private closed = false;
  readonly stats = { sent: 0, replies: 0, unmatched: 0, timeouts: 0, connects: 0, problems: 0 };

  constructor(private readonly options: MeterConnectionOptions) {}

  /** Sends one request and resolves with the first reply that matches; one attempt, no retry. */
  request(msg: Dlt645Message, match: ReplyMatcher, timeoutMs: number): Promise<Dlt645Message> {
    return this.enqueue(msg, match, timeoutMs) as Promise<Dlt645Message>;
  }

  /** Sends a frame nothing answers (broadcast time sync); resolves once written. */
  async send(msg: Dlt645Message, timeoutMs: number): Promise<void> {
    await this.enqueue(msg, null, timeoutMs);
  }

  /** Closes the socket and fails everything waiting. */
  close(): void {
    this.closed = true;
    for (const j of this.queue.splice(0)) j.reject(new MeterRequestError('closed', 'connection closed'));
    this.dropSocket('connection closed');
  }

  private enqueue(msg: Dlt645Message, match: ReplyMatcher | null, timeoutMs: number): Promise<Dlt645Message | null> {
    if (this.closed) return Promise.reject(new MeterRequestError('closed', 'connection closed'));
    if (this.queue.length >= (this.options.maxQueued ?? MAX_QUEUED_REQUESTS)) {
      return Promise.reject(
        new MeterRequestError(
          'queue-full',
          `more than ${this.options.maxQueued ?? MAX_QUEUED_REQUESTS} requests waiting`,
        ),
      );
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ msg, match, timeoutMs, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight.length < (this.options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT) && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.inFlight.push(job);
      void this.start(job);
    }
  }

  private async start(job: Job): Promise<void> {
    let socket: Socket;
    try {
      socket = await this.ensureSocket();
    } catch (e) {
      this.finish(job, () =>
        job.reject(e instanceof MeterRequestError ? e : new MeterRequestError('connection', String(e))),
      );
      return;
    }
    if (!this.inFlight.includes(job)) return;
    job.timer = setTimeout(() => {
      this.stats.timeouts++;
      this.finish(job, () => job.reject(new MeterRequestError('timeout', `no reply within ${job.timeoutMs} ms`)));
      if (this.inFlight.length === 0) this.flushParser();
    }, job.timeoutMs);
    this.stats.sent++;
    socket.write(encodeMessage(job.msg, { preamble: this.options.preamble ?? 4 }), () => {
      if (job.match === null) this.finish(job, () => job.resolve(null));
    });
  }

  private finish(job: Job, settle: () => void): void {
    const i = this.inFlight.indexOf(job);
    if (i < 0) return;
    this.inFlight.splice(i, 1);
    clearTimeout(job.timer);
    settle();
    this.pump();
  }

  private async ensureSocket(): Promise<Socket> {
    if (this.socket) return this.socket;
    if (!this.connecting) {
      this.connecting = this.open().finally(() => (this.connecting = null));
    }
    return this.connecting;
  }

  private async open(): Promise<Socket> {
    const wait = this.nextConnectAt - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    try {
      const socket = await this.dial();
      this.failures = 0;
      this.stats.connects++;
      this.socket = socket;
      this.parser.reset();
      socket.on('data', (chunk) => this.onData(chunk));
      socket.on('close', () => this.socket === socket && this.dropSocket('connection lost'));
      socket.on('error', () => socket.destroy());
      return socket;
    } catch (e) {
      this.failures++;
      this.nextConnectAt =
        Date.now() + Math.min(RECONNECT_DELAY_MAX_MS, RECONNECT_DELAY_BASE_MS * 2 ** (this.failures - 1));
      throw new MeterRequestError(
        'connection',
        `cannot connect to ${this.options.host}:${this.options.port}: ${(e as Error).message}`,
      );
    }
  }

  private dial(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const s = connect({ host: this.options.host, port: this.options.port });
      s.setNoDelay(true);
      const t = setTimeout(() => {
        s.destroy();
        reject(new Error('connect timed out'));
      }, this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
      s.once('connect', () => {
        clearTimeout(t);
        s.removeAllListeners('error');
        resolve(s);
      });
      s.once('error', (e) => {
        clearTimeout(t);
        reject(e);
      });
    });
  }

  private dropSocket(why: string): void {
    const s = this.socket;
    this.socket = null;
    s?.destroy();
    this.parser.reset();
    for (const j of [...this.inFlight]) this.finish(j, () => j.reject(new MeterRequestError('connection', why)));
  }

  private onData(chunk: Uint8Array): void {
    for (const e of this.parser.push(chunk)) {
      if (e.type === 'problem') {
        this.stats.problems++;
        this.options.onProblem?.(e);
      } else this.onFrame(e.frame);
    }
  }

  private flushParser(): void {
    for (const e of this.parser.end()) {
      if (e.type === 'frame') this.onFrame(e.frame);
      else this.stats.problems++;
    }
  }

  private onFrame(frame: Dlt645Frame): void {
    let msg: Dlt645Message;
    try {
      msg = frameToMessage(frame);
    } catch {
      this.stats.problems++;
      return;
    }
    if (!msg.control.reply) return;
    const job = this.inFlight.find((j) => j.match?.(msg));
    if (!job) {
      this.stats.unmatched++;
      return;
    }
    this.stats.replies++;
    this.finish(job, () => job.resolve(msg));
  }
}
