#!/usr/bin/env node
// Entry point of the `meterflow` command. The sources are TypeScript run through tsx, so an
// `npm ci` is all a machine needs before `npx meterflow --help`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
await main(process.argv);
