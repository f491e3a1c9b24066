import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wallet } from '@meterflow/core/payments/ledger-account';
import { openDatabase, type DatabaseHandle } from '../open-database.ts';
import { Store } from '../store.ts';
import { testOrder } from './payments-contract.ts';
import { confirmOrder, recordPayment } from './payment-programs.ts';
import { step, type Program } from './program.ts';
import type { PaymentsRepository } from './payments.repository.ts';

const AT = '2026-11-20T02:00:00.000Z';
const paid = (txn: string, amountFen: number) => ({
  providerTxnId: txn,
  amountFen,
  paidAt: AT,
  businessDate: '2026-11-20',
});

let dir: string;
let handle: DatabaseHandle;
let ledger: PaymentsRepository;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mf-payments-writer-'));
  handle = await openDatabase({ url: `sqlite:${join(dir, 'writer.db')}` });
  ledger = Store.of(handle).payments.ledger;
});
after(async () => {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
});

const pay = (id: string, accountId: string, fen: number) =>
  ledger.run(() => recordPayment(testOrder(id, [{ accountId, amountFen: fen }]), paid(`C-${id}`, fen)));

/** Stores an order and its payment entry, then fails: its writes must not survive. */
function* writesThenFails(id: string, accountId: string): Program<never> {
  yield* step('insertOrder', testOrder(id, [{ accountId, amountFen: 700 }]));
  yield* step('saveIdempotency', 'u1', `key-${id}`, 'h', '{}', AT);
  throw new Error(`${id} failed after writing`);
}

const walletOf = async (accountId: string) => 0 - (await ledger.balance(wallet(accountId)));

test('programs of one batch share a transaction without savepoints while none fails after writing', async () => {
  const before = ledger.writer.isolatedRuns;
  // Issued in one turn: one batch. The unknown order fails at its first read, leaving nothing to undo.
  const results = await Promise.allSettled([
    pay('W1', 'WA', 100),
    ledger.run(() => confirmOrder('no-such-order', paid('X', 1))),
    pay('W2', 'WA', 200),
  ]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'rejected', 'fulfilled'],
  );
  assert.equal((results[1] as PromiseRejectedResult).reason.code, 'NOT_FOUND');
  assert.equal(ledger.writer.isolatedRuns, before, 'no second run for a failure before any write');
  assert.equal(await walletOf('WA'), 300);
});

test('a program failing after it wrote is undone alone: the batch runs again with a savepoint each', async () => {
  const before = ledger.writer.isolatedRuns;
  const results = await Promise.allSettled([
    pay('W3', 'WB', 100),
    ledger.run(() => writesThenFails('W4', 'WB')),
    pay('W5', 'WB', 200),
  ]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'rejected', 'fulfilled'],
  );
  assert.match(String((results[1] as PromiseRejectedResult).reason), /W4 failed after writing/);
  assert.equal(ledger.writer.isolatedRuns, before + 1);
  assert.equal(await ledger.getOrder('W4'), undefined, "the failed program's order is gone");
  assert.equal(await ledger.getOrder('W3').then((o) => o?.state), 'paid');
  assert.equal(await ledger.getOrder('W5').then((o) => o?.state), 'paid');
  assert.equal(await walletOf('WB'), 300);
  assert.deepEqual(await ledger.unbalancedEntries(), []);
});

test('a write step that itself fails (a duplicate order id) is undone alone too', async () => {
  await pay('W6', 'WC', 100);
  const results = await Promise.allSettled([
    pay('W7', 'WC', 50),
    ledger.run(() =>
      (function* () {
        yield* step('insertOrder', testOrder('W6', [{ accountId: 'WC', amountFen: 1 }]));
      })(),
    ),
    pay('W8', 'WC', 25),
  ]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'rejected', 'fulfilled'],
  );
  assert.equal(await walletOf('WC'), 175);
  assert.equal(await ledger.getOrder('W6').then((o) => o?.amountFen), 100);
});

test('when SQLite rolls the whole transaction back under a program, the batch fails and nothing after it runs outside it', async () => {
  const sqlite = handle.sqlite!;
  function* losesTheTransaction(): Program<never> {
    yield* step('lock', 'x');
    sqlite.exec('ROLLBACK'); // what SQLite does itself on a full disk or an I/O error
    throw new Error('disk full');
  }
  const results = await Promise.allSettled([
    pay('W9', 'WD', 100),
    ledger.run(() => losesTheTransaction()),
    pay('W10', 'WD', 200),
  ]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['rejected', 'rejected', 'rejected'],
  );
  assert.equal(await ledger.getOrder('W9'), undefined);
  assert.equal(await ledger.getOrder('W10'), undefined, 'not committed statement by statement after the rollback');
  assert.equal(await walletOf('WD'), 0);
  // The writer goes on with the next batch.
  await pay('W11', 'WD', 300);
  assert.equal(await walletOf('WD'), 300);
});
