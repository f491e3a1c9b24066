/**
 * Runs the payment provider simulator as its own process (tests spawn this file):
 * `node --import tsx main.ts --port 0 --secret S [--callback URL]`; prints `{"url": …}` once listening.
 */
import { parseArgs } from 'node:util';
import { startPaymentProvider } from './payment-provider-server.ts';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '0' }, secret: { type: 'string' }, callback: { type: 'string' } },
});
if (!values.secret) {
  console.error('--secret is required');
  process.exit(2);
}
const provider = await startPaymentProvider({
  port: Number(values.port),
  secret: values.secret,
  callbackUrl: values.callback,
});
console.log(JSON.stringify({ url: provider.url }));
const stop = () => void provider.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
