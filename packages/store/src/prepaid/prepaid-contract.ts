/** The prepaid store contract (settlement bulk path, projection, commands), run on SQLite and PostgreSQL. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { deductionDraft } from '@meterflow/core/payments/prepaid-entries';
import { draftFingerprint } from '@meterflow/core/payments/journal-entry';
import { prepaidEstimates, wallet } from '@meterflow/core/payments/ledger-account';
import { applyCommandEvent, DEFAULT_COMMAND_POLICY, issueCommand } from '@meterflow/core/payments/remote-command';
import type { DatabaseHandle } from '../open-database.ts';
import { Store } from '../store.ts';
import { deductionFingerprint } from './deduction-rows.ts';
import type { PrepaidEnrolment } from './prepaid-account.repository.ts';

const T0 = new Date('2026-03-18T16:30:00.000Z');
const lines = { warningFen: 2000, stopFen: 0, restoreFen: 0, stopImminentDays: 1 };

const enrolment = (accountId: string, meterId: string, periods: number, availableFen: number): PrepaidEnrolment => ({
  accountId,
  meterId,
  meterAddress: '000000000001',
  tariffCode: 'res',
  multiplier: 1,
  periods,
  lines,
  creditAllowanceFen: 0,
  availableFen,
  balanceSeq: 0,
  cycleMonth: '2026-03',
  at: T0.toISOString(),
});

const freeze = (meterId: string, tariff: number, date: string, valueWh: number) => ({
  meterId,
  register: 'forward-active',
  tariff,
  date,
  valueWh,
  quality: 0,
  source: 'test',
});

export function prepaidContract(name: string, open: () => Promise<DatabaseHandle>): void {
  describe(`prepaid store on ${name}`, () => {
    let handle: DatabaseHandle;
    let store: Store;
    before(async () => {
      handle = await open();
      store = Store.of(handle);
    });
    after(async () => handle.close());

    test('the bulk fingerprint is the one core gives the deduction draft', () => {
      for (const [a, d, f] of [
        ['A1', '2026-03-18', 654],
        ['acc-"x"', '2026-12-31', 1],
      ] as const)
        assert.equal(deductionFingerprint(a, d, f), draftFingerprint(deductionDraft(a, d, f)));
    });

    test('load pairs freezes by period; commit posts balanced deductions once', async () => {
      const p = store.prepaid;
      assert.equal(
        await p.accounts.enrol([
          enrolment('A1', 'M1', 1, 5000),
          enrolment('A2', 'M2', 2, 300),
          enrolment('A3', 'M3', 1, 100),
        ]),
        3,
      );
      await store.metering.reads.insertDailyFreezes(
        [
          freeze('M1', 0, '2026-03-18', 1_000_000),
          freeze('M1', 0, '2026-03-19', 1_010_000),
          freeze('M1', 1, '2026-03-18', 7), // a period register on a one-period tariff is ignored
          freeze('M2', 1, '2026-03-18', 500),
          freeze('M2', 2, '2026-03-18', 900),
          freeze('M2', 1, '2026-03-19', 1500),
          freeze('M2', 2, '2026-03-19', 2900),
        ],
        T0.toISOString(),
      );
      const load = await p.settlement.load('2026-03-18', '2026-03-19', ['other', 'res']);
      assert.equal(load.count, 3);
      assert.equal(load.stride, 2);
      assert.deepEqual(await p.settlement.accountIds(load.rowNo), ['A1', 'A2', 'A3']);
      assert.deepEqual([...load.tariffIndex], [1, 1, 1]);
      const [i1, i2, i3] = [0, 1, 2];
      assert.deepEqual(
        [load.startWh[i1 * 2], load.endWh[i1 * 2], load.startWh[i1 * 2 + 1]],
        [1_000_000, 1_010_000, NaN],
      );
      assert.deepEqual([...load.startWh.subarray(i2 * 2, i2 * 2 + 2)], [500, 900]);
      assert.deepEqual([...load.endWh.subarray(i2 * 2, i2 * 2 + 2)], [1500, 2900]);
      assert.ok(Number.isNaN(load.startWh[i3 * 2]));
      const seqBefore = await p.settlement.ledgerSeq();
      const commit = {
        day: '2026-03-18',
        postedAt: T0.toISOString(),
        index: Uint32Array.from([i1, i2]),
        count: 2,
        chargeFen: Float64Array.from([510, 0]),
        dayWh: Float64Array.from([10_000, 3000]),
        cycleMonth: '2026-03',
      };
      const posted = await p.settlement.commit(load, commit);
      assert.equal(posted, 1);
      assert.equal(await store.payments.ledger.balance(wallet('A1')), 510);
      assert.equal(await store.payments.ledger.balance(prepaidEstimates('A1')), -510);
      assert.equal(await store.payments.ledger.balance(wallet('A2')), 0);
      assert.deepEqual(await store.payments.ledger.unbalancedEntries(), []);
      const trial = await store.payments.ledger.trialBalance();
      assert.deepEqual([trial.get(wallet('A1')), trial.get(prepaidEstimates('A1'))], [510, -510]);
      assert.equal(
        [...trial.values()].reduce((a, b) => a + b, 0),
        0,
      );
      // One batch entry for the chunk; its items are the deductions.
      assert.equal(await p.settlement.ledgerSeq(), seqBefore + 1);
      // The payments ledger sees the batch item as the deduction's entry: posting the same draft is a retry.
      const again = await store.payments.ledger.post(deductionDraft('A1', '2026-03-18', 510), T0.toISOString());
      assert.deepEqual([again.created, again.seq], [false, seqBefore + 1]);
      await assert.rejects(
        store.payments.ledger.post(deductionDraft('A1', '2026-03-18', 511), T0.toISOString()),
        /IDEMPOTENCY_KEY_REUSED|used for another entry/,
      );
      const a1 = (await p.accounts.get('A1'))!;
      assert.deepEqual(
        [a1.availableFen, a1.cycleWh, a1.lastSettledDate, a1.lastChargeFen],
        [4490, 10_000, '2026-03-18', 510],
      );
      assert.deepEqual((await p.accounts.get('A2'))!.cycleWh, 3000);
      assert.deepEqual(await p.accounts.deductionHistory('A1', 5), [{ date: '2026-03-18', costFen: 510 }]);
      const pos = await p.accounts.ledgerPosition('A1');
      assert.equal(pos.walletFen, -510);
      const rest = await p.settlement.load('2026-03-18', '2026-03-19', ['res']);
      assert.deepEqual(await p.settlement.accountIds(rest.rowNo), ['A3']);
      // The item key refuses a second deduction of an account and day, and the chunk rolls back whole.
      await assert.rejects(p.settlement.commit(load, { ...commit, postedAt: '2026-03-19T00:00:00.000Z' }));
      assert.equal(await store.payments.ledger.balance(wallet('A1')), 510);
      assert.equal(await p.settlement.ledgerSeq(), seqBefore + 1);
    });

    test('balance projection: touched accounts and the ledger position', async () => {
      const p = store.prepaid;
      const seq = await p.settlement.ledgerSeq();
      assert.deepEqual(await p.accounts.touchedSince(seq), []);
      await store.payments.ledger.post(
        {
          idempotencyKey: 'test-topup:A2',
          kind: 'payment_received',
          businessDate: '2026-03-19',
          memo: 'test',
          lines: [
            { account: 'cash_in_transit/counter' as never, amountFen: 10000 as never, ref: 'T1' },
            { account: wallet('A2'), amountFen: -10000 as never },
          ],
        },
        T0.toISOString(),
      );
      assert.deepEqual(await p.accounts.touchedSince(seq), ['A2']);
      const pos = await p.accounts.ledgerPosition('A2');
      // The newest entry (PostgreSQL's serial may have skipped numbers a rolled-back batch drew).
      assert.deepEqual([pos.walletFen, pos.openReceivableFen, pos.seq], [10000, 0, await p.settlement.ledgerSeq()]);
      assert.ok(pos.seq > seq);
      await p.accounts.setBalance('A2', pos.walletFen, pos.seq, T0);
      assert.deepEqual(
        (await p.accounts.list({ band: 'near', limit: 10 })).map((a) => a.accountId),
        ['A3'],
      );
      assert.deepEqual(await p.accounts.counts(), { accounts: 3, near: 1, past: 0, off: 0 });
    });

    test('control state and commands with their history', async () => {
      const p = store.prepaid;
      await p.accounts.saveControl(
        'A3',
        { supply: 'trip_pending', warned: 'stop_imminent', lastReminderAt: T0.toISOString() },
        null,
        T0,
      );
      assert.deepEqual(
        (await p.accounts.withSupply(['trip_pending'], 10)).map((a) => a.accountId),
        ['A3'],
      );
      const c0 = issueCommand('c1', 'A3', 'M3', 'trip', T0);
      await p.commands.insert(c0, '000000000003', T0);
      const sent = applyCommandEvent(c0, { type: 'sent' }, T0, DEFAULT_COMMAND_POLICY);
      const failed = applyCommandEvent(sent, { type: 'failed', reason: 'timeout' }, T0, DEFAULT_COMMAND_POLICY);
      await p.commands.save(failed, c0.history.length, T0);
      const back = (await p.commands.get('c1'))!;
      assert.deepEqual(
        back.history.map((h) => h.status),
        ['issued', 'sent', 'failed'],
      );
      assert.equal(back.history[2].note, 'timeout');
      assert.equal(back.attempts, 1);
      assert.deepEqual(
        (await p.commands.list({ statuses: ['failed'], limit: 5 })).map((c) => c.id),
        ['c1'],
      );
      await p.accounts.saveControl('A3', { supply: 'on', warned: 'none' }, '2026-03-19T00:00:00.000Z', T0);
      assert.deepEqual(
        (await p.accounts.deferredDue(new Date('2026-03-19T00:00:00.000Z'), 5)).map((a) => a.accountId),
        ['A3'],
      );
    });
  });
}
