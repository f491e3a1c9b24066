import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../time/clock.ts';
import { Ledger } from './ledger.ts';
import { paymentReceivedEntry } from './payment-entries.ts';
import { ledgerPaymentsOfDay, reconcileStatement } from './reconciliation.ts';

test('statement against ledger: matched, missing both ways, mismatched amounts and duplicates', () => {
  const ledger = new Ledger(new ManualClock('2024-05-02T01:00:00Z'));
  const pay = (id: string, txn: string, fen: number, channel: 'online' | 'counter' = 'online', day = '2024-05-01') =>
    ledger.post(
      paymentReceivedEntry({ paymentId: id, accountId: 'A', channel, amountFen: fen, paidOn: day, externalRef: txn }),
    );
  pay('P1', 'T1', 5000);
  pay('P2', 'T2', 3000);
  pay('P3', 'T3', 1000);
  pay('P4', 'C9', 700, 'counter');
  pay('P5', 'T5', 900, 'online', '2024-05-02');
  const ours = ledgerPaymentsOfDay(ledger.journal(), 'online', '2024-05-01');
  assert.deepEqual(
    ours.map((p) => p.paymentId),
    ['P1', 'P2', 'P3'],
  );
  const r = reconcileStatement(
    [
      { providerTxnId: 'T1', amountFen: 5000, paidAt: '2024-05-01T02:00:00Z' },
      { providerTxnId: 'T2', amountFen: 3001, paidAt: '2024-05-01T03:00:00Z' },
      { providerTxnId: 'T4', amountFen: 2000, paidAt: '2024-05-01T04:00:00Z' },
      { providerTxnId: 'T4', amountFen: 2000, paidAt: '2024-05-01T04:00:00Z' },
    ],
    ours,
  );
  assert.deepEqual(r.matched, [{ providerTxnId: 'T1', paymentId: 'P1', amountFen: 5000 }]);
  assert.deepEqual(r.amountMismatches, [
    { providerTxnId: 'T2', paymentId: 'P2', providerFen: 3001, ledgerFen: 3000, differenceFen: 1 },
  ]);
  assert.deepEqual(
    r.missingOnOurSide.map((l) => l.providerTxnId),
    ['T4', 'T4'],
  );
  assert.deepEqual(
    r.missingAtProvider.map((p) => p.paymentId),
    ['P3'],
  );
  assert.deepEqual(r.duplicates, [{ side: 'provider', providerTxnId: 'T4', count: 2 }]);
  assert.equal(r.providerTotalFen - r.ledgerTotalFen, 12001 - 9000);
});
