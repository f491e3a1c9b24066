import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import type { Clock } from '@meterflow/core';
import {
  BROADCAST_ADDRESS,
  Dlt645StreamParser,
  ERROR_NO_DATA,
  FN,
  MAX_DATA_BYTES,
  ackReply,
  addressMatches,
  encodeDataValue,
  encodeMessage,
  errorReply,
  frameToMessage,
  readReply,
} from '@meterflow/protocols/dlt645/index';
import type { Dlt645Message } from '@meterflow/protocols/dlt645/index';
import type { MeterFault } from './meter-fault.ts';
import type { VirtualMeter } from './virtual-meter.ts';

/** A listening port and the meters reachable behind it (one RS-485 bus behind a concentrator's transparent channel). */
export interface SimulatorPort {
  /** 0 picks a free port. */
  port: number;
  meters: VirtualMeter[];
}

export interface Dlt645SimulatorOptions {
  clock: Clock;
  ports: SimulatorPort[];
  /** Loopback by default: the simulator is for tests and demos. */
  host?: string;
  /** FE wake-up bytes before each reply, as many real meters send. */
  preamble?: number;
  /** Longest data field per reply; longer values go out in follow-up frames (B1 then 12/92). */
  maxReplyDataBytes?: number;
}

/** Most connections one simulator accepts per port; more are refused. */
export const SIMULATOR_MAX_CONNECTIONS_PER_PORT = 16;
/** Follow-up frames a simulator keeps per connection between a B1 reply and the 12 requests. */
const FOLLOW_UP_PARTS_LIMIT = 64;

interface PendingFollowUp {
  address: string;
  di: string;
  parts: Uint8Array[];
}

/** Hosts virtual meters behind TCP ports and answers DL/T 645 requests from their data. */
export class Dlt645Simulator {
  private readonly servers: Server[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly faults = new Map<string, MeterFault>();
  readonly stats = { requests: 0, replies: 0, problems: 0 };

  constructor(private readonly options: Dlt645SimulatorOptions) {}

  /** Starts listening; resolves to the bound port numbers in the order given. */
  async start(): Promise<number[]> {
    const ports: number[] = [];
    for (const p of this.options.ports) {
      const server = createServer((socket) => this.accept(socket, p.meters));
      server.maxConnections = SIMULATOR_MAX_CONNECTIONS_PER_PORT;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(p.port, this.options.host ?? '127.0.0.1', () => resolve());
      });
      this.servers.push(server);
      ports.push((server.address() as AddressInfo).port);
    }
    return ports;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    this.servers.length = 0;
  }

  /** Makes one meter misbehave (or behave again with 'none'). */
  setFault(address: string, fault: MeterFault): void {
    this.faults.set(address, fault);
  }

  /** Drops every open connection, as a concentrator reboot would; the gateway must reconnect. */
  dropConnections(): void {
    for (const s of this.sockets) s.destroy();
  }

  private accept(socket: Socket, meters: VirtualMeter[]): void {
    this.sockets.add(socket);
    const parser = new Dlt645StreamParser();
    const followUps = new Map<string, PendingFollowUp>();
    socket.on('data', (chunk) => {
      for (const e of parser.push(chunk)) {
        if (e.type === 'problem') this.stats.problems++;
        else this.answer(socket, meters, e.frame, followUps);
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
  }

  private answer(
    socket: Socket,
    meters: VirtualMeter[],
    frame: Parameters<typeof frameToMessage>[0],
    followUps: Map<string, PendingFollowUp>,
  ): void {
    let msg: Dlt645Message;
    try {
      msg = frameToMessage(frame);
    } catch {
      this.stats.problems++;
      return;
    }
    if (msg.control.reply) return;
    this.stats.requests++;
    const now = this.options.clock.now();
    if (msg.address === BROADCAST_ADDRESS) {
      if (msg.body.type === 'time-sync')
        for (const m of meters) if (this.fault(m, now) !== 'silent') m.syncClock(msg.body.time, now);
      return;
    }
    const targets = meters.filter((m) => addressMatches(msg.address, m.address));
    if (targets.length !== 1) return; // nobody, or a collision on the bus: no usable answer
    const meter = targets[0];
    const fault = this.fault(meter, now);
    if (fault === 'silent') return;
    const reply =
      fault === 'error-reply'
        ? errorReply(meter.address, msg.control.fn, 0x01)
        : this.reply(meter, msg, now, followUps);
    if (!reply) return;
    const bytes = encodeMessage(reply, { preamble: this.options.preamble ?? 4 });
    if (fault === 'bad-checksum') bytes[bytes.length - 2] ^= 0xff;
    this.stats.replies++;
    socket.write(bytes);
  }

  private reply(
    meter: VirtualMeter,
    msg: Dlt645Message,
    now: Date,
    followUps: Map<string, PendingFollowUp>,
  ): Dlt645Message | null {
    const a = meter.address;
    const body = msg.body;
    switch (body.type) {
      case 'read': {
        const entries = meter.read(body.di, now);
        if (!entries || entries.length === 0) return errorReply(a, FN.read, ERROR_NO_DATA);
        const payload = encodeDataValue(body.di, entries);
        const limit = (this.options.maxReplyDataBytes ?? MAX_DATA_BYTES) - 4;
        if (payload.length <= limit) return readReply(a, body.di, payload);
        const parts = split(payload.subarray(limit), limit - 1);
        if (parts.length > FOLLOW_UP_PARTS_LIMIT) return errorReply(a, FN.read, 0x01);
        followUps.set(a, { address: a, di: body.di, parts });
        return readReply(a, body.di, payload.subarray(0, limit), { more: true });
      }
      case 'read-next': {
        const f = followUps.get(a);
        const part = f && f.di === body.di ? f.parts[body.seq - 1] : undefined;
        if (!f || !part) return errorReply(a, FN.readFollowUp, ERROR_NO_DATA);
        if (body.seq === f.parts.length) followUps.delete(a);
        return readReply(a, body.di, part, { seq: body.seq, more: body.seq < f.parts.length });
      }
      case 'relay': {
        const r = meter.control(body.command, body.credentials, now);
        return r === 'ok' ? ackReply(a, FN.relayControl) : errorReply(a, FN.relayControl, r);
      }
      case 'none':
        return msg.control.fn === FN.readAddress
          ? { address: a, control: { ...msg.control, reply: true }, body: { type: 'address', address: a } }
          : null;
      case 'freeze':
        return ackReply(a, FN.freeze);
      default:
        // Writes, password and clearing are not simulated; a real meter without rights answers this way.
        return errorReply(a, msg.control.fn, 0x04);
    }
  }

  /** A fault set from outside wins over the one the meter's own model shows at `now`. */
  private fault(m: VirtualMeter, now: Date): MeterFault {
    const set = this.faults.get(m.address);
    return set && set !== 'none' ? set : (m.faultAt?.(now) ?? 'none');
  }
}

function split(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.slice(i, i + size));
  return out;
}
