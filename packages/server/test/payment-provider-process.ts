/** Spawns the payment provider simulator as its own process on a free loopback port. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

const MAIN = new URL('../../simulator/src/payment-provider/main.ts', import.meta.url).pathname;
export const TEST_PAYMENT_SECRET = 'test-secret-0123456789';

export interface ProviderProcess {
  url: string;
  child: ChildProcess;
  /** Tells the simulator how to misbehave (drop callbacks, send them late). */
  behave(b: { duplicates?: boolean; drop?: boolean; delayMs?: number; refundFailure?: string }): Promise<void>;
  pay(orderId: string): Promise<{ status: string }>;
  /** The provider declines the order (final). */
  fail(orderId: string): Promise<{ status: string }>;
  /** Refunds the provider paid on an order. */
  refunds(orderId: string): Promise<{ refundId: string; amountFen: number; providerRefundId: string }[]>;
  stop(): void;
}

export async function startProviderProcess(secret = TEST_PAYMENT_SECRET): Promise<ProviderProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--port', '0', '--secret', secret], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.once('line', (l) => resolve((JSON.parse(l) as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`provider exited with ${code}`)));
  });
  return {
    url,
    child,
    async behave(b) {
      await fetch(`${url}/admin/behaviour`, { method: 'POST', body: JSON.stringify(b) });
    },
    async pay(orderId) {
      const res = await fetch(`${url}/orders/${encodeURIComponent(orderId)}/pay`, { method: 'POST' });
      return (await res.json()) as { status: string };
    },
    async fail(orderId) {
      const res = await fetch(`${url}/orders/${encodeURIComponent(orderId)}/fail`, { method: 'POST' });
      return (await res.json()) as { status: string };
    },
    async refunds(orderId) {
      const res = await fetch(`${url}/admin/orders/${encodeURIComponent(orderId)}/refunds`);
      return (await res.json()) as { refundId: string; amountFen: number; providerRefundId: string }[];
    },
    stop() {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
