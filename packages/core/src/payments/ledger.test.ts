import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ManualClock } from '../time/clock.ts';
import { AppError } from '../errors/error-codes.ts';
import { Ledger } from './ledger.ts';
import { billReleaseEntry, creditNoteEntry } from './bill-entries.ts';
import {
  paymentReceivedEntry,
  refundApprovedEntry,
  refundPaidEntry,
  channelSettlementEntry,
} from './payment-entries.ts';
import { allocateOldestFirst, allocationEntry, compareOpenItems, type OpenItem } from './allocate-payment.ts';
import { lateFeeChargeEntry, lateFeeWaiverEntry } from './late-fee-entries.ts';
import { prepaidDeductionEntry, prepaidTrueUpEntry } from './prepaid-entries.ts';
import {
  bankClearing,
  cashInTransit,
  lateFeeRevenue,
  prepaidEstimates,
  receivable,
  refundsPayable,
  revenue,
  vatOutput,
  wallet,
  type RevenueKind,
} from './ledger-account.ts';
import type { JournalDraft } from './journal-entry.ts';

const VAT = { numerator: 13, denominator: 100 };
const newLedger = () => new Ledger(new ManualClock('2024-05-01T00:00:00Z'));
const bill = (billId: string, gross: number, date = '2024-05-01') =>
  billReleaseEntry({
    billId,
    accountId: 'A1',
    releaseDate: date,
    grossByKind: new Map([['energy', gross]]),
    vatRate: VAT,
  });

test('bill release books receivable, net revenue and VAT (113.00 → 100.00 + 13.00)', () => {
  const l = newLedger();
  l.post(bill('B1', 11300));
  assert.equal(l.normalBalance(receivable('A1')), 11300);
  assert.equal(l.normalBalance(revenue('energy')), 10000);
  assert.equal(l.normalBalance(vatOutput()), 1300);
  assert.deepEqual([...l.openItems(receivable('A1'))], [['B1', 11300]]);
});

test('net is split over kinds and adds up to the bill net exactly', () => {
  const gross = new Map<RevenueKind, number>([
    ['energy', 10001],
    ['funds', 333],
    ['pf_adjustment', -120],
  ]);
  const d = billReleaseEntry({
    billId: 'B',
    accountId: 'A',
    releaseDate: '2024-01-31',
    grossByKind: gross,
    vatRate: VAT,
  });
  const others = d.lines.filter((x) => x.account !== receivable('A')).reduce((s, x) => s + x.amountFen, 0);
  assert.equal(-others, 10214);
  assert.ok(
    (d.lines.find((x) => x.account === revenue('pf_adjustment'))?.amountFen ?? 0) > 0,
    'a pf credit is a debit to revenue',
  );
  const vat = d.lines.find((x) => x.account === vatOutput());
  assert.equal(vat?.amountFen, -(10214 - Math.round(10214 / 1.13)));
});

test('payment, allocation with overpayment, refund and settlement move money as documented', () => {
  const l = newLedger();
  l.post(bill('B1', 5000, '2024-03-01'));
  l.post(bill('B2', 7000, '2024-04-01'));
  l.post(
    paymentReceivedEntry({
      paymentId: 'P1',
      accountId: 'A1',
      channel: 'online',
      amountFen: 15000,
      paidOn: '2024-05-02',
      externalRef: 'WX1',
    }),
  );
  const items: OpenItem[] = [
    { ref: 'B2', dueDate: '2024-04-20', openFen: 7000 },
    { ref: 'B1', dueDate: '2024-03-20', openFen: 5000 },
  ];
  const r = allocateOldestFirst(l.normalBalance(wallet('A1')), items);
  assert.deepEqual(r.allocations, [
    { ref: 'B1', amountFen: 5000 },
    { ref: 'B2', amountFen: 7000 },
  ]);
  l.post(allocationEntry('alloc:P1', 'A1', '2024-05-02', r)!);
  assert.equal(l.normalBalance(receivable('A1')), 0);
  assert.equal(l.normalBalance(wallet('A1')), 3000);
  l.post(refundApprovedEntry('R1', 'A1', 3000, l.normalBalance(wallet('A1')), '2024-05-03', 'moving out'));
  l.post(refundPaidEntry('R1', 'A1', 3000, '2024-05-04'));
  l.post(channelSettlementEntry('S1', 'online', 15000, '2024-05-03'));
  assert.equal(l.normalBalance(wallet('A1')), 0);
  assert.equal(l.normalBalance(cashInTransit('online')), 0);
  assert.equal(l.normalBalance(bankClearing()), 12000);
  assert.throws(
    () => refundApprovedEntry('R2', 'A1', 1, 0, '2024-05-03', 'x'),
    (e: unknown) => e instanceof AppError && e.code === 'VALIDATION_FAILED',
  );
});

test('idempotency: same key and content returns the first entry; other content is refused', () => {
  const l = newLedger();
  const first = l.post(bill('B1', 100));
  const again = l.post(bill('B1', 100));
  assert.equal(again.created, false);
  assert.equal(again.entry, first.entry);
  assert.equal(l.journal().length, 1);
  assert.throws(
    () => l.post(bill('B1', 101)),
    (e: unknown) => e instanceof AppError && e.code === 'IDEMPOTENCY_KEY_REUSED',
  );
  assert.ok(Object.isFrozen(first.entry.lines[0]));
});

test('an unbalanced draft is refused as a programming error', () => {
  const l = newLedger();
  const bad: JournalDraft = {
    ...bill('B9', 100),
    idempotencyKey: 'x',
    lines: [
      { account: wallet('A'), amountFen: 5 as never },
      { account: receivable('A'), amountFen: -4 as never },
    ],
  };
  assert.throws(() => l.post(bad), /does not balance/);
});

test('late fee charge and waiver; credit note beyond the open amount goes to the wallet', () => {
  const l = newLedger();
  l.post(bill('B1', 11300));
  l.post(lateFeeChargeEntry('LF1', 'A1', 250, '2024-06-01', ['B1']));
  assert.equal(l.openItems(receivable('A1')).get('LF1'), 250);
  assert.throws(
    () =>
      lateFeeWaiverEntry({
        waiverId: 'W1',
        lateFeeId: 'LF1',
        accountId: 'A1',
        amountFen: 250,
        openFen: 250,
        waivedOn: '2024-06-02',
        reason: ' ',
        approvedBy: 'u1',
      }),
    /reason/,
  );
  l.post(
    lateFeeWaiverEntry({
      waiverId: 'W1',
      lateFeeId: 'LF1',
      accountId: 'A1',
      amountFen: 250,
      openFen: 250,
      waivedOn: '2024-06-02',
      reason: 'meter fault',
      approvedBy: 'u1',
    }),
  );
  assert.equal(l.normalBalance(lateFeeRevenue()), 0);
  assert.equal(l.openItems(receivable('A1')).has('LF1'), false);
  l.post(
    creditNoteEntry({
      creditNoteId: 'C1',
      billId: 'B1',
      accountId: 'A1',
      issueDate: '2024-06-03',
      grossByKind: new Map([['energy', 11400]]),
      vatRate: VAT,
      billOpenFen: 11300,
      reason: 'misread',
    }),
  );
  assert.equal(l.normalBalance(receivable('A1')), 0);
  assert.equal(l.normalBalance(wallet('A1')), 100);
  assert.equal(l.normalBalance(revenue('energy')) + l.normalBalance(vatOutput()), -100);
});

test('prepaid: deductions then true-up move the difference to the wallet', () => {
  const l = newLedger();
  l.post(
    paymentReceivedEntry({
      paymentId: 'P',
      accountId: 'A1',
      channel: 'counter',
      amountFen: 10000,
      paidOn: '2024-05-01',
      externalRef: 'R-1',
    }),
  );
  for (const [d, a] of [
    ['2024-05-01', 300],
    ['2024-05-02', 420],
  ] as const)
    l.post(prepaidDeductionEntry('A1', d, a));
  assert.throws(
    () => l.post({ ...prepaidDeductionEntry('A1', '2024-05-02', 421) }),
    (e: unknown) => e instanceof AppError && e.code === 'IDEMPOTENCY_KEY_REUSED',
  );
  l.post(bill('B5', 700, '2024-06-01'));
  const { draft, walletChangeFen } = prepaidTrueUpEntry({
    accountId: 'A1',
    billId: 'B5',
    billTotalFen: 700,
    estimatesFen: 720,
    trueUpDate: '2024-06-01',
  });
  l.post(draft);
  assert.equal(walletChangeFen, 20);
  assert.equal(l.normalBalance(wallet('A1')), 10000 - 700);
  assert.equal(l.balance(prepaidEstimates('A1')), 0);
  assert.equal(l.balance(receivable('A1')), 0);
});

// ---- properties ----------------------------------------------------------------------------

const dateArb = fc
  .integer({ min: 0, max: 400 })
  .map((n) => new Date(Date.UTC(2023, 0, 1 + n)).toISOString().slice(0, 10));
const amount = fc.integer({ min: 1, max: 5_000_000 });
const opArb = fc.oneof(
  fc.record({
    op: fc.constant('bill' as const),
    gross: amount,
    funds: fc.integer({ min: 0, max: 10_000 }),
    date: dateArb,
  }),
  fc.record({
    op: fc.constant('pay' as const),
    amount,
    channel: fc.constantFrom('online', 'counter', 'bank' as const),
    date: dateArb,
  }),
  fc.record({ op: fc.constant('allocate' as const), date: dateArb }),
  fc.record({ op: fc.constant('fee' as const), amount: fc.integer({ min: 100, max: 10_000 }), date: dateArb }),
  fc.record({ op: fc.constant('deduct' as const), amount, date: dateArb }),
);

test('property: every posting balances and every balance is the sum of its postings', () => {
  fc.assert(
    fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
      const l = newLedger();
      const due = new Map<string, string>();
      ops.forEach((o, i) => {
        const id = `X${i}`;
        if (o.op === 'bill') {
          l.post(
            billReleaseEntry({
              billId: id,
              accountId: 'A',
              releaseDate: o.date,
              grossByKind: new Map([
                ['energy', o.gross],
                ['funds', o.funds],
              ]),
              vatRate: VAT,
            }),
          );
          due.set(id, o.date);
        } else if (o.op === 'pay') {
          l.post(
            paymentReceivedEntry({
              paymentId: id,
              accountId: 'A',
              channel: o.channel,
              amountFen: o.amount,
              paidOn: o.date,
              externalRef: id,
            }),
          );
        } else if (o.op === 'allocate') {
          const items = [...l.openItems(receivable('A'))].map(([ref, open]) => ({
            ref,
            dueDate: due.get(ref)!,
            openFen: open,
          }));
          const e = allocationEntry(
            id,
            'A',
            o.date,
            allocateOldestFirst(Math.max(0, l.normalBalance(wallet('A'))), items),
          );
          if (e) l.post(e);
        } else if (o.op === 'fee') {
          l.post(lateFeeChargeEntry(id, 'A', o.amount, o.date, []));
          due.set(id, o.date);
        } else
          l.post(prepaidDeductionEntry('A', new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10), o.amount));
      });
      const sums = new Map<string, number>();
      for (const e of l.journal()) {
        assert.equal(
          e.lines.reduce((s, x) => s + x.amountFen, 0),
          0,
        );
        assert.ok(e.lines.length >= 2);
        for (const x of e.lines) sums.set(x.account, (sums.get(x.account) ?? 0) + x.amountFen);
      }
      let total = 0;
      for (const [acc, b] of l.trialBalance()) {
        assert.equal(b, sums.get(acc));
        assert.equal(l.balance(acc), b);
        total += b;
      }
      assert.equal(total, 0);
      for (const open of l.openItems(receivable('A')).values())
        assert.ok(open > 0, 'allocation never overpays an item');
    }),
    { numRuns: 200 },
  );
});

test('property: allocation never over-allocates and pays oldest first', () => {
  const itemArb = fc.record({ dueDate: dateArb, openFen: fc.integer({ min: 0, max: 100_000 }) });
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 400_000 }), fc.array(itemArb, { maxLength: 20 }), (available, raw) => {
      const items = raw.map((x, i) => ({ ...x, ref: `B${String(i).padStart(2, '0')}` }));
      const r = allocateOldestFirst(available, items);
      const paid = new Map(r.allocations.map((a) => [a.ref, a.amountFen as number]));
      const totalOpen = items.reduce((s, x) => s + x.openFen, 0);
      assert.equal(r.allocatedFen + r.remainingFen, available);
      assert.equal(r.allocatedFen, Math.min(available, totalOpen));
      const sorted = [...items].sort(compareOpenItems);
      let sawShort = false;
      for (const it of sorted) {
        const p = paid.get(it.ref) ?? 0;
        assert.ok(p >= 0 && p <= it.openFen);
        if (sawShort) assert.equal(p, 0, `${it.ref} paid while an older item is short`);
        if (p < it.openFen) sawShort = true;
      }
    }),
    { numRuns: 500 },
  );
});

test('a refund paid back through the provider credits cash in transit (online) with its refund id', () => {
  const l = newLedger();
  l.post(
    paymentReceivedEntry({
      paymentId: 'P9',
      accountId: 'A1',
      channel: 'online',
      amountFen: 5000,
      paidOn: '2024-05-01',
      externalRef: 'WX9',
    }),
  );
  l.post(refundApprovedEntry('R9', 'A1', 2000, l.normalBalance(wallet('A1')), '2024-05-02', 'overpaid'));
  assert.equal(l.normalBalance(refundsPayable('A1')), 2000);
  const paid = refundPaidEntry('R9', 'A1', 2000, '2024-05-03', { via: 'online', externalRef: 'SIMR1' });
  assert.deepEqual(
    paid.lines.map((x) => [x.account, x.amountFen, x.ref]),
    [
      [refundsPayable('A1'), 2000, undefined],
      [cashInTransit('online'), -2000, 'SIMR1'],
    ],
  );
  l.post(paid);
  assert.equal(l.normalBalance(refundsPayable('A1')), 0);
  assert.equal(l.normalBalance(cashInTransit('online')), 3000);
  assert.equal(l.normalBalance(wallet('A1')), 3000);
  assert.throws(
    () => refundPaidEntry('R9', 'A1', 2000, '2024-05-03', { via: 'bank', externalRef: ' ' }),
    (e: unknown) => e instanceof AppError && e.code === 'VALIDATION_FAILED',
  );
});
