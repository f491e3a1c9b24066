import type { Credentials, FieldInput, RelayCommand } from '@meterflow/protocols/dlt645/index';
import type { MeterFault } from './meter-fault.ts';

export type RelayState = 'closed' | 'open';

/**
 * The port a simulated meter implements. The TCP server only speaks DL/T 645; everything a meter
 * knows (registers, load, clock, events, relay) comes through here, so load-profile models can be
 * plugged in without touching the protocol side.
 */
export interface VirtualMeter {
  /** 12-digit address the meter answers to. */
  readonly address: string;
  /** Field inputs (one list per entry) for a data identifier at `now`, or null when the meter lacks it. */
  read(di: string, now: Date): FieldInput[][] | null;
  /** Broadcast time sync: set the meter clock to this local wall-clock time. */
  syncClock(localTime: string, now: Date): void;
  /** Remote control (1C): `'ok'`, or an error word to send back. */
  control(command: RelayCommand, credentials: Credentials, now: Date): 'ok' | number;
  /** The relay as the meter reports it. */
  relayState(): RelayState;
  /** A fault the meter's own model shows at `now` (e.g. silent on a simulated day); none if absent. */
  faultAt?(now: Date): MeterFault;
}
