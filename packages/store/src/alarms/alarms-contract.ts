/**
 * The alarms context's store contract: the same assertions run on SQLite and PostgreSQL. Each
 * dialect's test file calls `alarmsContract` with a way to open a fresh, migrated database.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlarmDecision, AlarmRecord } from '@meterflow/core/alarms/alarm-record';
import { openWorkOrder, stepWorkOrder } from '@meterflow/core/workflow/work-order';
import type { NotificationIntent } from '@meterflow/core/workflow/notification-intent';
import type { DatabaseHandle } from '../open-database.ts';
import { Store } from '../store.ts';

const T0 = new Date('2026-03-18T00:30:00.000Z');
const min = (n: number) => new Date(T0.getTime() + n * 60_000);

function alarm(over: Partial<AlarmRecord> & { id: string; causeKey: string }): AlarmRecord {
  return {
    ruleId: 'meter-silent',
    kind: 'meterSilent',
    subjectKind: 'meter',
    subjectId: over.causeKey.split('|')[2] ?? 'm1',
    branchId: 'o3',
    labels: { concentratorId: 'C1' },
    severity: 'minor',
    status: 'open',
    firstRaisedAt: T0,
    openedAt: T0,
    lastSeenAt: T0,
    count: 1,
    value: 3,
    diagnosis: { category: 'meter', zh: '电表无数据', en: 'meter silent' },
    reopenedAt: [],
    flapping: false,
    ...over,
  };
}
const raise = (a: AlarmRecord): AlarmDecision => ({ action: 'raise', alarm: a, notify: true });

async function seedFoundation(store: Store): Promise<void> {
  await store.orgs.insertMany([
    { id: 'o1', parentId: null, code: '62', name: '甘肃', nameEn: 'Gansu', level: 'province' },
    { id: 'o3', parentId: 'o1', code: '620523', name: '甘谷县', nameEn: 'Gangu', level: 'county' },
    { id: 'o4', parentId: 'o1', code: '620522', name: '秦安县', nameEn: "Qin'an", level: 'county' },
  ]);
  await store.accounts.insertReadingBooks([{ id: 'rb1', orgId: 'o3', code: 'RB1', name: '甘谷1', readingDay: 5 }]);
  await store.customers.insertMany([
    {
      id: 'c1',
      orgId: 'o3',
      type: 'residential',
      name: '王芳',
      parentId: null,
      phone: '1',
      address: 'A',
      createdAt: T0.toISOString(),
    },
  ]);
  await store.accounts.insertMany([
    {
      id: 'a1',
      accountNo: '6205230001',
      customerId: 'c1',
      orgId: 'o3',
      readingBookId: 'rb1',
      paymentMode: 'postpaid',
      customerClass: 'residential',
      voltageLevel: '0.22kV',
      contractedCapacityKva: 8,
      status: 'active',
      address: 'A',
      openedOn: '2020-01-01',
      closedOn: null,
    },
  ]);
  await store.accounts.insertServicePoints([{ id: 'sp1', accountId: 'a1', name: '主计量点' }]);
  const meter = (id: string, removedOn: string | null) => ({
    id,
    servicePointId: 'sp1',
    assetNo: `TS${id}`,
    address: `0000000000${id.slice(-2)}`,
    phases: 1,
    ctRatio: 1,
    ptRatio: 1,
    installedOn: '2020-01-01',
    removedOn,
  });
  await store.meters.insertMany([meter('m-01', '2025-01-01'), meter('m-02', null)]);
}

export function alarmsContract(name: string, open: () => Promise<DatabaseHandle>): void {
  describe(`alarms store contract on ${name}`, () => {
    let handle: DatabaseHandle;
    let store: Store;
    before(async () => {
      handle = await open();
      store = Store.of(handle);
      await seedFoundation(store);
    });
    after(async () => handle.close());

    test('a raised alarm is stored and read back whole; one open alarm per cause key', async () => {
      const a = alarm({
        id: 'A1',
        causeKey: 'meter-silent|meter|m1',
        labels: { concentratorId: 'C1', x: '1' },
        value: 0.875,
      });
      await store.alarms.alarms.applyDecisions([raise(a)], T0);
      const got = await store.alarms.alarms.get('A1');
      assert.deepEqual(
        { ...got, acknowledgedAt: undefined },
        {
          ...a,
          acknowledgedAt: undefined,
          clearSince: undefined,
          resolvedAt: undefined,
          resolution: undefined,
          acknowledgedBy: undefined,
          resolvedBy: undefined,
          rootCause: undefined,
          resolutionNote: undefined,
        },
      );
      const twin = alarm({ id: 'A1-twin', causeKey: 'meter-silent|meter|m1' });
      await assert.rejects(store.alarms.alarms.applyDecisions([raise(twin)], T0));
      assert.equal((await store.alarms.alarms.getOpenByCause('meter-silent|meter|m1'))?.id, 'A1');
    });

    test('a sweep update keeps the acknowledgement; a resolve closes the cause so it can be raised again', async () => {
      await store.alarms.alarms.acknowledge('A1', 'dispatcher', min(5), 'on it');
      const prev = (await store.alarms.alarms.get('A1'))!;
      const worse: AlarmDecision = {
        action: 'update',
        alarm: { ...alarm({ id: 'A1', causeKey: prev.causeKey }), severity: 'major', count: 2, lastSeenAt: min(15) },
        notify: true,
      };
      await store.alarms.alarms.applyDecisions([worse], min(15));
      const updated = (await store.alarms.alarms.get('A1'))!;
      assert.equal(updated.severity, 'major');
      assert.equal(updated.count, 2);
      assert.equal(updated.acknowledgedBy, 'dispatcher');
      const resolved: AlarmDecision = {
        action: 'resolve',
        alarm: { ...worse.alarm, status: 'resolved', resolvedAt: min(30), resolution: 'cleared' },
        notify: false,
      };
      await store.alarms.alarms.applyDecisions([resolved], min(30));
      await store.alarms.alarms.applyDecisions(
        [raise(alarm({ id: 'A1b', causeKey: prev.causeKey, firstRaisedAt: min(40) }))],
        min(40),
      );
      const events = await store.alarms.alarms.events('A1');
      assert.deepEqual(
        events.map((e) => [e.action, e.by, e.severity]),
        [
          ['raise', 'system', 'minor'],
          ['acknowledge', 'dispatcher', 'minor'],
          ['update', 'system', 'major'],
          ['resolve', 'system', 'major'],
        ],
      );
    });

    test('known alarms are the open ones plus those resolved within the window', async () => {
      const known = await store.alarms.alarms.listKnown(min(20));
      assert.deepEqual(known.map((a) => a.id).sort(), ['A1', 'A1b']);
      assert.deepEqual(
        (await store.alarms.alarms.listKnown(min(31))).map((a) => a.id),
        ['A1b'],
      );
    });

    test('alarm lists filter by severity, kind, branch and scope, and page', async () => {
      await store.alarms.alarms.applyDecisions(
        [
          raise(
            alarm({
              id: 'B1',
              causeKey: 'terminal-outage|concentrator|C9',
              kind: 'terminalOutage',
              severity: 'major',
              branchId: 'o4',
            }),
          ),
          raise(
            alarm({
              id: 'B2',
              causeKey: 'collection-system|system|fep',
              kind: 'collectionSystemFault',
              severity: 'critical',
              branchId: undefined,
            }),
          ),
          raise(alarm({ id: 'B3', causeKey: 'meter-silent|meter|m7', severity: 'info', lastSeenAt: min(50) })),
        ],
        min(50),
      );
      const list = store.alarms.alarms;
      assert.deepEqual(
        (await list.list({ status: 'open' })).items.map((a) => a.id),
        ['B2', 'B1', 'A1b', 'B3'],
      );
      assert.deepEqual(
        (await list.list({ minSeverity: 'major', status: 'open' })).items.map((a) => a.id),
        ['B2', 'B1'],
      );
      assert.deepEqual(
        (await list.list({ kinds: ['terminalOutage'] })).items.map((a) => a.id),
        ['B1'],
      );
      assert.deepEqual(
        (await list.list({ status: 'open', orgIds: ['o3'] })).items.map((a) => a.id),
        ['A1b', 'B3'],
      );
      assert.deepEqual(
        (await list.list({ status: 'open', orgIds: ['o4'], includeUnbranched: true })).items.map((a) => a.id),
        ['B2', 'B1'],
      );
      const page = await list.list({ status: 'open', limit: 2, offset: 2 });
      assert.deepEqual([page.total, page.items.map((a) => a.id)], [4, ['A1b', 'B3']]);
    });

    test('a person resolves an alarm with a root cause; history is append-only', async () => {
      await store.alarms.alarms.resolveManually(
        'B1',
        'dispatcher',
        min(60),
        'terminalHardware',
        'replaced the concentrator',
      );
      const b1 = (await store.alarms.alarms.get('B1'))!;
      assert.deepEqual(
        [b1.status, b1.resolution, b1.rootCause, b1.resolvedBy, b1.acknowledgedBy],
        ['resolved', 'manual', 'terminalHardware', 'dispatcher', 'dispatcher'],
      );
      await assert.rejects(store.db.updateTable('alarm_events').set({ by: 'x' }).execute());
      await assert.rejects(store.db.deleteFrom('alarm_events').execute());
    });

    test('work orders keep their history as appended events and are found by alarm', async () => {
      const w0 = openWorkOrder({
        id: 'wo:B3',
        alarmId: 'B3',
        causeKey: 'meter-silent|meter|m7',
        severity: 'info',
        branchId: 'o3',
        skill: 'metering',
        title: { zh: '电表无数据', en: 'meter silent' },
        assigneeId: 'dispatcher',
        openedAt: min(50),
      });
      await store.alarms.workOrders.save([{ next: w0 }]);
      assert.deepEqual(
        (await store.alarms.workOrders.listAwaiting()).map((w) => w.id),
        ['wo:B3'],
      );
      const loaded = (await store.alarms.workOrders.get('wo:B3'))!;
      const w1 = stepWorkOrder(loaded, 'acknowledge', { by: 'dispatcher', at: min(55) });
      const w2 = stepWorkOrder(w1, 'resolve', {
        by: 'dispatcher',
        at: min(70),
        rootCause: 'communication',
        note: 'reset the modem',
      });
      await store.alarms.workOrders.save([{ next: w2, previous: loaded }]);
      const got = (await store.alarms.workOrders.latestByAlarmIds(['B3', 'nope'])).get('B3')!;
      assert.equal(got.state, 'resolved');
      assert.equal(got.rootCause, 'communication');
      assert.equal(got.acknowledgedAt?.toISOString(), min(55).toISOString());
      assert.deepEqual(
        got.history.map((e) => e.action),
        ['open', 'acknowledge', 'resolve'],
      );
      assert.deepEqual(await store.alarms.workOrders.listAwaiting(), []);
      const list = await store.alarms.workOrders.list({ states: ['resolved'], orgIds: ['o3'] });
      assert.deepEqual([list.total, list.items[0].id], [1, 'wo:B3']);
      assert.equal((await store.alarms.workOrders.list({ orgIds: ['o4'] })).total, 0);
    });

    test('cycle stages: start opens the cycle, order is enforced, the last stage closes it', async () => {
      const cs = store.alarms.cycleStages;
      await assert.rejects(
        cs.start({ readingBookId: 'rb1', cycle: '2026-03', stage: 'collection', actor: 'clerk', at: min(0) }),
        /cannot start before readingPlan/,
      );
      await cs.start({ readingBookId: 'rb1', cycle: '2026-03', stage: 'readingPlan', actor: 'clerk', at: min(0) });
      await cs.end({
        readingBookId: 'rb1',
        cycle: '2026-03',
        stage: 'readingPlan',
        outcome: 'succeeded',
        actor: 'clerk',
        at: min(30),
      });
      await cs.start({ readingBookId: 'rb1', cycle: '2026-03', stage: 'collection', actor: 'fep', at: min(40) });
      await cs.end({
        readingBookId: 'rb1',
        cycle: '2026-03',
        stage: 'collection',
        outcome: 'failed',
        actor: 'fep',
        at: min(50),
        note: 'FEP down',
      });
      await cs.start({ readingBookId: 'rb1', cycle: '2026-03', stage: 'collection', actor: 'fep', at: min(60) });
      const c = (await cs.get('rb1', '2026-03'))!;
      assert.equal(c.branchId, 'o3');
      assert.deepEqual(
        c.stages.map((s) => [s.stage, s.attempts, s.outcome ?? 'running']),
        [
          ['readingPlan', 1, 'succeeded'],
          ['collection', 2, 'running'],
        ],
      );
      assert.deepEqual(
        (await cs.listOpen()).map((x) => `${x.readingBookId}/${x.cycle}/${x.stages.length}`),
        ['rb1/2026-03/2'],
      );
      await assert.rejects(
        cs.start({ readingBookId: 'nope', cycle: '2026-03', stage: 'readingPlan', actor: 'x', at: min(0) }),
        /not found/,
      );
    });

    test('meter status: installed meters are linked, polls count silence, the fleet reads in one pass', async () => {
      const obs = store.alarms.observations;
      assert.equal(await obs.linkInstalledMeters(), 1);
      assert.equal(await obs.linkInstalledMeters(), 0);
      await obs.setMeterLinks([{ meterId: 'm-02', concentratorId: 'C1' }]);
      await obs.recordMeterPoll(min(0), [{ meterId: 'm-02', answered: false }]);
      await obs.recordMeterPoll(min(15), [{ meterId: 'm-02', answered: false, eventFlags: 2 }]);
      const fleet = await obs.readFleet();
      assert.deepEqual(fleet.meterIds, ['m-02']);
      assert.deepEqual(
        [
          fleet.concentratorIds[0],
          fleet.readingBookIds[0],
          fleet.branchIds[0],
          fleet.silentPolls[0],
          fleet.eventFlags[0],
        ],
        ['C1', 'rb1', 'o3', 2, 2],
      );
      await obs.recordMeterPoll(min(30), [{ meterId: 'm-02', answered: true, clockDriftS: -75 }]);
      const again = await obs.readFleet();
      assert.deepEqual([again.silentPolls[0], again.clockDriftS[0], again.eventFlags[0]], [0, -75, 0]);
    });

    test('observations keep the latest per key; cleared ones drop out but their kind stays known', async () => {
      const obs = store.alarms.observations;
      await obs.upsert([
        { kind: 'risk', key: 'safeUsage|account|a1', at: min(0), payload: { score: 75 }, cleared: false },
        {
          kind: 'reconciliation',
          key: 'wechat|2026-03-17',
          at: min(0),
          payload: { differenceFen: 120 },
          cleared: false,
        },
      ]);
      await obs.upsert([
        { kind: 'risk', key: 'safeUsage|account|a1', at: min(15), payload: { score: 92 }, cleared: false },
      ]);
      await obs.upsert([{ kind: 'reconciliation', key: 'wechat|2026-03-17', at: min(20), payload: {}, cleared: true }]);
      const { kinds, rows } = await obs.active();
      assert.deepEqual([...kinds].sort(), ['reconciliation', 'risk']);
      assert.deepEqual(
        rows.map((r) => [r.key, r.payload]),
        [['safeUsage|account|a1', { score: 92 }]],
      );
    });

    test('the notification outbox drops repeats and marks deliveries', async () => {
      const intent = (key: string): NotificationIntent => ({
        recipientStaffId: 'dispatcher',
        channels: ['voice', 'sms', 'app'],
        template: 'workOrder.assigned',
        severity: 'critical',
        workOrderId: 'wo:B3',
        params: { titleZh: '告警', titleEn: 'alarm', branchId: 'o3' },
        dedupeKey: key,
      });
      await store.alarms.outbox.enqueue([intent('k1'), intent('k2')], min(0));
      await store.alarms.outbox.enqueue([intent('k1')], min(1));
      const pending = await store.alarms.outbox.pending();
      assert.deepEqual(
        pending.map((p) => p.intent.dedupeKey),
        ['k1', 'k2'],
      );
      assert.deepEqual(pending[0].intent, intent('k1'));
      await store.alarms.outbox.markDelivered([pending[0].id], min(2));
      assert.deepEqual(
        (await store.alarms.outbox.pending()).map((p) => p.intent.dedupeKey),
        ['k2'],
      );
    });
  });
}
