/**
 * The contract the metering repositories meet on every dialect; the SQLite and PostgreSQL test
 * files call `meteringContract` with a way to open a fresh, migrated database.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { blockFrom, type IntervalBlock } from '@meterflow/core/metering/interval-block';
import { QUALITY } from '@meterflow/core/metering/quality-flag';
import { applyClerkEdit } from '@meterflow/core/metering/clerk-edit';
import type { DatabaseHandle } from '../open-database.ts';
import { Store } from '../store.ts';

const AT = '2026-03-02T01:00:00.000Z';
const M = 'ab0000000001';
const day = (date: string, values: (number | null)[], meterId = M): IntervalBlock =>
  blockFrom(
    { meterId, channel: 1, date },
    values.map((v) => v ?? 0),
    values.map((v) => (v === null ? QUALITY.MISSING : QUALITY.ACTUAL)),
  );
const full = (date: string, v: number, meterId = M) => day(date, Array<number>(96).fill(v), meterId);
const half = (date: string, v: number, first: boolean) =>
  day(
    date,
    Array.from({ length: 96 }, (_, i) => (i < 48 === first ? v : null)),
  );

export function meteringContract(dialectName: string, open: () => Promise<DatabaseHandle>): void {
  describe(`metering store contract on ${dialectName}`, () => {
    let handle: DatabaseHandle;
    let store: Store;
    before(async () => {
      handle = await open();
      store = Store.of(handle);
    });
    after(() => handle.close());

    test('reads are idempotent and merge in any order; conflicts become suspect', async () => {
      const blocks = store.metering.blocks;
      const first = await blocks.storeReads([half('2026-03-01', 10, true)], AT, 'test');
      assert.deepEqual(first, { inserted: 1, merged: 0, unchanged: 0, reads: 48 });
      const again = await blocks.storeReads([half('2026-03-01', 10, true)], AT, 'test');
      assert.deepEqual(again, { inserted: 0, merged: 0, unchanged: 1, reads: 48 });
      const late = await blocks.storeReads([half('2026-03-01', 10, false), full('2026-03-02', 5)], AT, 'test');
      assert.deepEqual(late, { inserted: 1, merged: 1, unchanged: 0, reads: 144 });
      const [b] = await blocks.latestBlocks(M, 1, '2026-03-01', '2026-03-01');
      assert.equal(
        b.values.reduce((a, x) => a + x, 0),
        960,
      );
      assert.ok(b.quality.every((q) => q === QUALITY.ACTUAL));
      const conflict = day('2026-03-02', [7, ...Array<null>(95).fill(null)]);
      const twice = await blocks.storeReads([conflict, conflict], AT, 'test');
      assert.deepEqual([twice.inserted, twice.merged, twice.unchanged], [0, 1, 1]);
      const [c] = await blocks.latestBlocks(M, 1, '2026-03-02', '2026-03-02');
      assert.equal(c.values[0], 7);
      assert.equal(c.quality[0], QUALITY.SUSPECT);
      assert.equal(c.quality[1], QUALITY.ACTUAL);
    });

    test('pending blocks stay pending when a merge comes between read and clear', async () => {
      const blocks = store.metering.blocks;
      await blocks.storeReads([half('2026-03-05', 3, true)], AT, 'test');
      const pending = (await blocks.pending()).find((p) => p.date === '2026-03-05');
      assert.ok(pending);
      await blocks.storeReads([half('2026-03-05', 3, false)], AT, 'test');
      assert.equal(await blocks.clearPending(pending), false);
      const again = (await blocks.pending()).find((p) => p.date === '2026-03-05');
      assert.ok(again);
      assert.equal(await blocks.clearPending(again), true);
      assert.equal(
        (await blocks.pending()).find((p) => p.date === '2026-03-05'),
        undefined,
      );
    });

    test('versions are appended, the latest is read, the old ones stay and cannot be rewritten', async () => {
      const blocks = store.metering.blocks;
      await blocks.storeReads([full('2026-03-10', 4)], AT, 'test');
      const [v1] = await blocks.latestBlocks(M, 1, '2026-03-10', '2026-03-10');
      const edit = applyClerkEdit(v1, [{ slot: 3, value: 40 }], {
        clerkId: 'usr-2',
        reason: 'meter replaced',
        atUtc: AT,
      });
      await blocks.appendVersion(edit.block, edit.revision);
      await store.metering.edits.append(edit.records);
      await assert.rejects(blocks.appendVersion(edit.block, edit.revision), /version 2 already/);
      const versions = await blocks.versions({ meterId: M, channel: 1, date: '2026-03-10' });
      assert.deepEqual(
        versions.map((v) => [v.block.version, v.kind, v.block.values[3], v.block.quality[3]]),
        [
          [1, 'read', 4, QUALITY.ACTUAL],
          [2, 'edit', 40, QUALITY.EDITED],
        ],
      );
      assert.equal(versions[1].reason, 'meter replaced');
      const [latest] = await blocks.latestBlocks(M, 1, '2026-03-10', '2026-03-10');
      assert.equal(latest.version, 2);
      const [sum] = await blocks.daySummaries([M], 1, '2026-03-10', '2026-03-10');
      assert.deepEqual([sum.version, sum.sumValue, sum.worstQuality], [2, 95 * 4 + 40, QUALITY.EDITED]);
      const edits = await store.metering.edits.forBlock({ meterId: M, channel: 1, date: '2026-03-10' });
      assert.deepEqual(
        edits.map((e) => [e.slot, e.oldValue, e.newValue, e.clerkId]),
        [[3, 4, 40, 'usr-2']],
      );
      await assert.rejects(
        store.db.updateTable('interval_blocks').set({ reason: 'x' }).where('version', '=', 2).execute(),
        /append-only/,
      );
      await assert.rejects(store.db.deleteFrom('interval_edits').execute(), /append-only/);
    });

    test('a bulk store inside a rolled-back transaction leaves nothing', async () => {
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.metering.blocks.storeReads([full('2026-04-01', 1)], AT, 'test');
          throw new Error('roll back');
        }),
        /roll back/,
      );
      assert.deepEqual(await store.metering.blocks.latestBlocks(M, 1, '2026-04-01', '2026-04-01'), []);
    });

    test('register reads, daily freezes and events are stored once', async () => {
      const reads = store.metering.reads;
      const r = { meterId: M, register: 'forward-active', tariff: 0, valueWh: 123450, quality: 0, source: 'dlt645' };
      assert.equal(await reads.insertRegisterReads([{ ...r, readAtUtc: AT }], AT), 1);
      assert.equal(await reads.insertRegisterReads([{ ...r, readAtUtc: AT }], AT), 0);
      assert.equal(await reads.insertDailyFreezes([{ ...r, date: '2026-03-02' }], AT), 1);
      assert.equal(await reads.insertDailyFreezes([{ ...r, date: '2026-03-02', valueWh: 1 }], AT), 0);
      assert.equal((await reads.dailyFreezes(M, 'forward-active', '2026-03-01', '2026-03-31'))[0].valueWh, 123450);
      assert.equal((await reads.registerReads(M, AT, '2026-03-03T00:00:00.000Z')).length, 1);
      const ev = { meterId: M, kind: 'power-down' as const, atUtc: AT, source: 'meter' as const, detail: { n: 1 } };
      assert.equal(await reads.insertEvents([ev, ev], AT), 1);
      assert.deepEqual(await reads.events(M, '2026-03-01T00:00:00.000Z', '2026-03-03T00:00:00.000Z'), [ev]);
    });

    test('the VEE queue keeps one entry per cause and records the clerk decision', async () => {
      const q = store.metering.exceptions;
      const e = {
        ruleId: 'spike' as const,
        meterId: M,
        channel: 1,
        date: '2026-03-10',
        severity: 'warning' as const,
        detail: 'first',
        slots: [3],
        repair: 'estimate' as const,
        orgId: 'o3',
      };
      await q.raise([e], AT);
      await q.raise([{ ...e, detail: 'second' }], AT);
      const open = await q.list({ status: 'open', limit: 10, offset: 0 });
      assert.equal(open.total, 1);
      assert.equal(open.items[0].detail, 'second');
      assert.equal((await q.list({ orgIds: ['o4'], limit: 10, offset: 0 })).total, 0);
      assert.equal(await q.resolveBlock(e, 'accepted', 'usr-2', 'checked on site', AT), 1);
      await assert.rejects(q.resolveBlock(e, 'accepted', 'usr-2', 'again', AT), /no open/);
      await q.raise([{ ...e, detail: 'third' }], AT);
      const item = await q.get(open.items[0].id);
      assert.deepEqual([item?.status, item?.detail, item?.resolvedBy], ['accepted', 'second', 'usr-2']);
      assert.deepEqual(await q.countsByDay('2026-03-10', '2026-03-10'), [{ date: '2026-03-10', open: 0, total: 1 }]);
    });

    test('batches keep every rejected row for correction', async () => {
      const b = store.metering.batches;
      await b.record(
        {
          id: 'bt-1',
          source: 'csv',
          name: 'x.csv',
          receivedAt: AT,
          receivedBy: 'usr-2',
          rowsRead: 3,
          rowsAccepted: 1,
          rowsRejected: 2,
          readsStored: 96,
        },
        [
          { line: 3, raw: 'a,b', errors: [{ path: 'line 3', message: 'bad' }] },
          { line: 4, raw: 'c,d', errors: [{ path: 'line 4', message: 'worse' }] },
        ],
      );
      assert.equal((await b.get('bt-1'))?.rowsRejected, 2);
      const rejects = await b.rejects({ batchId: 'bt-1', limit: 10, offset: 0 });
      assert.deepEqual(
        rejects.map((r) => [r.line, r.raw, r.errors[0].message]),
        [
          [3, 'a,b', 'bad'],
          [4, 'c,d', 'worse'],
        ],
      );
      await b.resolveReject(rejects[0].id, 'corrected', 'usr-2', AT);
      await assert.rejects(b.resolveReject(rejects[0].id, 'discarded', 'usr-2', AT), /not open/);
      assert.equal((await b.rejects({ status: 'open', limit: 10, offset: 0 })).length, 1);
    });

    test('collection success by reading book counts meters with a complete day', async () => {
      await store.orgs.insertMany([
        { id: 'o1', parentId: null, code: '62', name: '甘肃', nameEn: 'Gansu', level: 'province' },
      ]);
      await store.accounts.insertReadingBooks([{ id: 'bk1', orgId: 'o1', code: 'B1', name: '一段', readingDay: 5 }]);
      await store.customers.insertMany([
        {
          id: 'c1',
          orgId: 'o1',
          type: 'residential',
          name: '张',
          parentId: null,
          phone: '1',
          address: 'a',
          createdAt: AT,
        },
      ]);
      const acc = (id: string) => ({
        id,
        accountNo: `no-${id}`,
        customerId: 'c1',
        orgId: 'o1',
        readingBookId: 'bk1',
        paymentMode: 'postpaid' as const,
        customerClass: 'residential' as const,
        voltageLevel: '220V',
        contractedCapacityKva: 8,
        status: 'active' as const,
        address: 'a',
        openedOn: '2020-01-01',
        closedOn: null,
      });
      await store.accounts.insertMany([acc('a1'), acc('a2')]);
      await store.accounts.insertServicePoints([
        { id: 'sp1', accountId: 'a1', name: 'x' },
        { id: 'sp2', accountId: 'a2', name: 'x' },
      ]);
      const meter = (id: string, sp: string, address: string) => ({
        id,
        servicePointId: sp,
        assetNo: `A${id}`,
        address,
        phases: 1,
        ctRatio: 1,
        ptRatio: 1,
        installedOn: '2020-01-01',
        removedOn: null,
      });
      await store.meters.insertMany([meter('m1', 'sp1', 'cc0000000001'), meter('m2', 'sp2', 'cc0000000002')]);
      await store.metering.blocks.storeReads(
        [
          full('2026-05-01', 1, 'cc0000000001'),
          full('2026-05-01', 1, 'cc0000000002'),
          full('2026-05-02', 1, 'cc0000000001'),
        ],
        AT,
        'test',
      );
      assert.deepEqual(await store.metering.collection.byBook(undefined, '2026-05-01', '2026-05-03'), [
        { bookId: 'bk1', date: '2026-05-01', meters: 2, collected: 2 },
        { bookId: 'bk1', date: '2026-05-02', meters: 2, collected: 1 },
        { bookId: 'bk1', date: '2026-05-03', meters: 2, collected: 0 },
      ]);
      assert.deepEqual(await store.metering.collection.byBook([], '2026-05-01', '2026-05-01'), []);
    });

    test('instantaneous values keep the latest per meter, quantity and phase', async () => {
      const inst = store.metering.instants;
      const v = (valueScaled: number, readAtUtc: string) => ({
        meterId: M,
        quantity: 'voltage',
        phase: 'a',
        valueScaled,
        decimals: 1,
        unit: 'V',
        readAtUtc,
      });
      await inst.upsertLatest([
        v(2200, '2026-03-02T01:00:00.000Z'),
        { ...v(5000, AT), quantity: 'frequency', phase: 'total', decimals: 2, unit: 'Hz' },
      ]);
      await inst.upsertLatest([v(2315, '2026-03-02T02:00:00.000Z')]);
      await inst.upsertLatest([v(1999, '2026-03-02T00:30:00.000Z')]); // late: older than what is kept
      const got = await inst.latest([M, 'nobody']);
      assert.deepEqual(
        got.map((g) => [g.quantity, g.phase, g.valueScaled, g.readAtUtc]),
        [
          ['frequency', 'total', 5000, AT],
          ['voltage', 'a', 2315, '2026-03-02T02:00:00.000Z'],
        ],
      );
    });

    test('a rejected row is found by id', async () => {
      await store.metering.batches.record(
        {
          id: 'ib-x1',
          source: 'csv',
          name: 'x.csv',
          receivedAt: AT,
          receivedBy: null,
          rowsRead: 1,
          rowsAccepted: 0,
          rowsRejected: 1,
          readsStored: 0,
        },
        [{ line: 2, raw: 'bad,row', errors: [{ path: 'line 2', message: 'bad' }] }],
      );
      const [row] = await store.metering.batches.rejects({ batchId: 'ib-x1', limit: 10, offset: 0 });
      const one = await store.metering.batches.reject(row.id);
      assert.equal(one?.raw, 'bad,row');
      assert.equal(one?.status, 'open');
      assert.equal(await store.metering.batches.reject(row.id + 100000), undefined);
    });
  });
}
