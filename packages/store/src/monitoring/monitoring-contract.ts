/** The monitoring repositories' contract, run on SQLite and on PostgreSQL by the two test files beside it. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseHandle } from '../open-database.ts';
import { Store } from '../store.ts';
import type { PqEventRow, PqSummaryRow } from './monitoring-rows.ts';

const at = '2026-03-02T00:00:00.000Z';

async function seed(store: Store): Promise<void> {
  await store.orgs.insertMany([
    { id: 'o1', parentId: null, code: '62', name: '甘肃', nameEn: 'Gansu', level: 'province' },
    { id: 'o3', parentId: 'o1', code: '620523', name: '甘谷县', nameEn: 'Gangu', level: 'county' },
  ]);
  await store.customers.insertMany([
    {
      id: 'c1',
      orgId: 'o3',
      type: 'non_residential',
      name: '厂',
      parentId: null,
      phone: '1',
      address: 'A',
      createdAt: at,
    },
  ]);
  const account = (id: string, no: string) => ({
    id,
    accountNo: no,
    customerId: 'c1',
    orgId: 'o3',
    readingBookId: null,
    paymentMode: 'postpaid' as const,
    customerClass: 'industrial' as const,
    voltageLevel: '10kV',
    contractedCapacityKva: 630,
    status: 'active' as const,
    address: 'x',
    openedOn: '2020-01-01',
    closedOn: null,
  });
  await store.accounts.insertMany([account('a1', '6201000001'), account('a2', '6201000002')]);
}

const event = (startAt: string, accountId: string, kind = 'dip'): PqEventRow => ({
  recordId: null,
  source: 'monitor',
  accountId,
  subjectId: 'pqm-1',
  orgId: 'o3',
  kind,
  startAt,
  durationMs: 120,
  extremeBp: 5523,
  phases: ['va', 'vb'],
});

export function monitoringContract(name: string, open: () => Promise<DatabaseHandle>): void {
  describe(`monitoring store contract on ${name}`, () => {
    let handle: DatabaseHandle;
    let store: Store;
    before(async () => {
      handle = await open();
      store = Store.of(handle);
      await seed(store);
    });
    after(() => handle.close());

    test('a PQ record keeps its metrics and events; events are append-only', async () => {
      await store.monitoring.pq.insertRecord(
        {
          id: 'r1',
          accountId: 'a1',
          meterId: null,
          orgId: 'o3',
          fileName: 'fault.cfg',
          format: 'comtrade',
          sizeBytes: 1234,
          sampleRateHz: 6400,
          durationMs: 2000,
          channels: 3,
          recordedAt: at,
          uploadedAt: '2026-03-02T01:00:00.000Z',
          uploadedBy: 'u1',
          limitSetId: 'cn',
          compliant: false,
          metrics: { thd: [1.5, 2] },
        },
        [{ ...event('2026-03-02T00:00:00.800Z', 'a1'), recordId: 'r1', source: 'record' }],
      );
      const r = await store.monitoring.pq.getRecord('r1');
      assert.deepEqual([r?.compliant, r?.metrics, r?.sampleRateHz], [false, { thd: [1.5, 2] }, 6400]);
      assert.equal((await store.monitoring.pq.listRecords({ accountIds: ['a2'], limit: 10 })).length, 0);
      const events = await store.monitoring.pq.listEvents({ accountIds: ['a1'], limit: 10 });
      assert.deepEqual(
        events.map((e) => [e.recordId, e.phases, e.extremeBp]),
        [['r1', ['va', 'vb'], 5523]],
      );
      await assert.rejects(store.db.deleteFrom('pq_events').execute());
    });

    test('events filter by time window and branch, oldest first', async () => {
      await store.monitoring.pq.insertEvents([
        event('2026-03-05T00:00:00.000Z', 'a2', 'swell'),
        event('2026-03-04T00:00:00.000Z', 'a2'),
      ]);
      const e = await store.monitoring.pq.listEvents({
        orgIds: ['o3'],
        from: '2026-03-03',
        to: '2026-03-06',
        limit: 10,
      });
      assert.deepEqual(
        e.map((x) => x.kind),
        ['dip', 'swell'],
      );
      assert.equal((await store.monitoring.pq.listEvents({ orgIds: [], limit: 10 })).length, 0);
    });

    test('monitor events already stored (same source, subject, kind, start) are not stored again', async () => {
      const first = [event('2026-04-01T00:00:00.000Z', 'a2'), event('2026-04-01T00:00:00.000Z', 'a2', 'swell')];
      assert.equal(await store.monitoring.pq.insertNewEvents(first), 2);
      const again = [
        ...first,
        event('2026-04-01T00:00:00.000Z', 'a2'),
        { ...event('2026-04-01T00:00:00.000Z', 'a2'), subjectId: 'pqm-2' },
        event('2026-04-02T00:00:00.000Z', 'a2'),
      ];
      assert.equal(await store.monitoring.pq.insertNewEvents(again), 2, 'another subject and another start are new');
      assert.equal(await store.monitoring.pq.insertNewEvents([]), 0);
      const stored = await store.monitoring.pq.listEvents({
        accountIds: ['a2'],
        from: '2026-04-01',
        to: '2026-04-03',
        limit: 10,
      });
      assert.deepEqual(stored.map((e) => `${e.subjectId} ${e.kind} ${e.startAt.slice(0, 10)}`).sort(), [
        'pqm-1 dip 2026-04-01',
        'pqm-1 dip 2026-04-02',
        'pqm-1 swell 2026-04-01',
        'pqm-2 dip 2026-04-01',
      ]);
    });

    test('10-minute summaries upsert by subject and interval', async () => {
      const row: PqSummaryRow = {
        subjectId: 'm1',
        accountId: 'a1',
        intervalStart: '2026-03-02T00:10:00.000Z',
        voltageMv: [230100, 229000, null],
        currentMa: [10000, null, null],
        neutralMa: null,
        thdBp: 310,
        unbalanceBp: 80,
        frequencyMhz: 50010,
        powerFactorMilli: 930,
        receivedAt: at,
      };
      await store.monitoring.pq.upsertSummaries([row, { ...row, intervalStart: '2026-03-02T00:20:00.000Z' }]);
      await store.monitoring.pq.upsertSummaries([{ ...row, thdBp: 999 }]);
      const s = await store.monitoring.pq.listSummaries(['a1'], '2026-03-02', '2026-03-03');
      assert.deepEqual(
        s.map((x) => x.thdBp),
        [999, 310],
      );
      assert.deepEqual(s[0].voltageMv, [230100, 229000, null]);
    });

    test('weather: a daily mean wins over hourly values, hourly values average', async () => {
      const w = (date: string, hour: number, temperatureDc: number) => ({
        areaId: 'o3',
        date,
        hour,
        temperatureDc,
        source: 't',
      });
      await store.monitoring.external.upsertWeather([
        w('2026-03-01', 0, 10),
        w('2026-03-01', 12, 31),
        w('2026-03-02', -1, -55),
        w('2026-03-02', 3, 99),
      ]);
      await store.monitoring.external.upsertWeather([w('2026-03-01', 0, 11)]);
      const t = await store.monitoring.external.dailyTemperatures('o3', '2026-03-01', '2026-03-02');
      assert.deepEqual([...t.entries()].sort(), [
        ['2026-03-01', 21],
        ['2026-03-02', -55],
      ]);
    });

    test('policy notices in force on a day; production upserts', async () => {
      const n = (id: string, validFrom: string, validTo: string | null) => ({
        id,
        industry: 'chemicals',
        tag: 't',
        riskDelta: 10,
        validFrom,
        validTo,
        titleZh: '通知',
        titleEn: 'Notice',
        createdAt: at,
      });
      await store.monitoring.external.upsertPolicies([
        n('p1', '2026-01-01', null),
        n('p2', '2025-01-01', '2025-12-31'),
        n('p3', '2026-03-01', '2026-03-31'),
      ]);
      await store.monitoring.external.upsertPolicies([{ ...n('p3', '2026-03-01', '2026-03-31'), riskDelta: -5 }]);
      const active = await store.monitoring.external.activePolicies('2026-03-15');
      assert.deepEqual(
        active.map((p) => [p.id, p.riskDelta]),
        [
          ['p1', 10],
          ['p3', -5],
        ],
      );
      await store.monitoring.external.upsertProduction([
        { accountId: 'a1', date: '2026-03-01', outputMilli: 12500, unit: 't' },
      ]);
      await store.monitoring.external.upsertProduction([
        { accountId: 'a1', date: '2026-03-01', outputMilli: 13000, unit: 't' },
      ]);
      assert.deepEqual(await store.monitoring.external.production('a1', '2026-03-01', '2026-03-31'), [
        { accountId: 'a1', date: '2026-03-01', outputMilli: 13000, unit: 't' },
      ]);
    });

    test('profiles and the latest risk assessment per account, highest first', async () => {
      await store.monitoring.risk.upsertProfiles([
        { accountId: 'a1', categoryId: 'semiconductor', limitSetId: null, industry: 'chips', updatedAt: at },
      ]);
      assert.equal((await store.monitoring.risk.profiles(['a1']))[0].categoryId, 'semiconductor');
      const a = (accountId: string, asOf: string, score: number) => ({
        accountId,
        asOf,
        orgId: 'o3',
        assessedAt: at,
        score,
        level: 'low',
        alarm: score >= 60,
        findings: [{ code: 'x' }],
        reasons: [{ zh: '原因', en: 'reason' }],
        advice: [],
      });
      await store.monitoring.risk.upsertAssessments([
        a('a1', '2026-03-01', 90),
        a('a1', '2026-03-02', 20),
        a('a2', '2026-03-02', 70),
      ]);
      await store.monitoring.risk.upsertAssessments([a('a1', '2026-03-02', 30)]);
      const latest = await store.monitoring.risk.latest({ orgIds: ['o3'], limit: 10 });
      assert.deepEqual(
        latest.map((r) => [r.accountId, r.asOf, r.score, r.alarm]),
        [
          ['a2', '2026-03-02', 70, true],
          ['a1', '2026-03-02', 30, false],
        ],
      );
      assert.deepEqual(latest[1].reasons, [{ zh: '原因', en: 'reason' }]);
    });
  });
}
