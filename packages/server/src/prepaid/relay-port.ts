import type { Clock } from '@meterflow/core';
import {
  DEFAULT_REQUEST_TIMEOUT_MS,
  Dlt645Client,
  MeterConnection,
  sendRelayCommand,
} from '../metering/gateway/index.ts';

/** What the meter said to a trip or close. */
export type RelayAnswer = { ok: true } | { ok: false; reason: string };

/** The port the command runner sends through; the DL/T 645 gateway implements it. */
export interface RelayPort {
  send(meterAddress: string, action: 'trip' | 'close'): Promise<RelayAnswer>;
  close(): void;
}

/** Line retries inside one attempt: the command runner owns the slow retries with backoff. */
const LINE_RETRIES = 1;
/** Commands on the wire at once on the gateway channel (meters behind it answer independently). */
export const RELAY_MAX_IN_FLIGHT = 8;

/** Remote trip/close through the metering gateway (DL/T 645 control code 1C) on one TCP channel. */
export class GatewayRelayPort implements RelayPort {
  private readonly connection: MeterConnection;
  private readonly client: Dlt645Client;

  constructor(
    endpoint: string,
    private readonly clock: Clock,
    timeoutMs: number = DEFAULT_REQUEST_TIMEOUT_MS,
  ) {
    const [host, port] = endpoint.split(':');
    this.connection = new MeterConnection({ host, port: Number(port), maxInFlight: RELAY_MAX_IN_FLIGHT });
    this.client = new Dlt645Client(this.connection, { timeoutMs, retries: LINE_RETRIES });
  }

  async send(meterAddress: string, action: 'trip' | 'close'): Promise<RelayAnswer> {
    const command = action === 'trip' ? 'trip' : 'close-direct';
    const out = await sendRelayCommand(this.client, { address: meterAddress, command }, this.clock);
    return out.status === 'confirmed' ? { ok: true } : { ok: false, reason: `${out.reason}: ${out.message}` };
  }

  close(): void {
    this.connection.close();
  }
}
