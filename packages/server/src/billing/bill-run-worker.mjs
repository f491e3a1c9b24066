// Worker entry: workers do not inherit tsx from the main thread on Node 20, so register it here
// before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./bill-run.worker.ts');
