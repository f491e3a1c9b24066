export * from './constant-power-meter.ts';
export * from './dlt645-simulator.ts';
export * from './meter-fault.ts';
export * from './virtual-meter.ts';
export * from './fleet-meter.ts';
export * from './fleet-server.ts';
