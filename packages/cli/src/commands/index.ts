import type { Command } from 'commander';
import { registerAlarms } from './alarms.ts';
import { registerBillRun } from './bill-run.ts';
import { registerDemo } from './demo.ts';
import { registerDlt645 } from './dlt645.ts';
import { registerImport } from './import.ts';
import { registerMessageProvider } from './message-provider.ts';
import { registerMeterSimulator } from './meter-simulator.ts';
import { registerPaymentProvider } from './payment-provider.ts';
import { registerPq } from './pq.ts';
import { registerServe } from './serve.ts';
import { registerSettle } from './settle.ts';
import { registerSimulate } from './simulate.ts';
import { registerTariff } from './tariff.ts';

/** Every command module exports one function that adds its command(s) to the program. */
export type RegisterCommand = (program: Command) => void;

// One line per command module; keep the list sorted.
export const commands: RegisterCommand[] = [
  registerAlarms,
  registerBillRun,
  registerDemo,
  registerDlt645,
  registerImport,
  registerMessageProvider,
  registerMeterSimulator,
  registerPaymentProvider,
  registerPq,
  registerServe,
  registerSettle,
  registerSimulate,
  registerTariff,
];
