import { addDays, localDate, type Clock } from '@meterflow/core';
import type { Store } from '@meterflow/store';
import { InlineBillComputer } from './bill-computer.ts';
import { BillRunService } from './bill-run.service.ts';
import { AUDIT_THRESHOLDS_DEFAULT } from '@meterflow/core/billing/index';
import { CycleStageRecorder } from './cycle-stage-recorder.ts';
import { cycleMinus } from './cycle-month.ts';
import { periodOf, simulateMonth } from './simulated-determinants.ts';
import { DeterminantBuilder } from './determinant-builder.service.ts';
import { storeCatalogue, storedTariffDocuments } from './tariff-catalogue.ts';

/**
 * Demo billing: the tariff catalogue stored, last month simulated for every reading book (metering
 * does not seed whole months of reads yet) and its bill run done, so the console opens with bills
 * calculated and some waiting in the audit queue.
 */
export async function seedDemoBilling(store: Store, clock: Clock) {
  const at = clock.now();
  await storeCatalogue(store, at.toISOString());
  const cycle = cycleMinus(localDate(at).slice(0, 7), 1);
  const books = (await store.accounts.listReadingBooks()).map((b) => b.id);
  await simulateMonth(store, cycle, books, at.toISOString());
  const runner = new BillRunService(store, clock, new CycleStageRecorder(store), AUDIT_THRESHOLDS_DEFAULT);
  const computer = new InlineBillComputer(
    await storedTariffDocuments(store),
    AUDIT_THRESHOLDS_DEFAULT,
    store.billing.determinants,
  );
  let held = 0;
  for (const book of (await store.billing.determinants.books(cycle)).map((b) => b.readingBookId)) {
    const r = await runner.runBook({ readingBookId: book, cycle, actor: 'demo', holder: 'demo-seed' }, computer);
    held += r.byStatus.held ?? 0;
  }
  return { cycle, books: books.length, held };
}

/**
 * Bills the demo's latest ended reading period from the seeded interval reads (after metering has
 * seeded them from `readsFrom`): the books whose whole period of this month's cycle lies inside the
 * seeded days. Books whose period starts before the reads are left to the simulated cycle.
 */
export async function billDemoFromReadings(store: Store, clock: Clock, readsFrom: string) {
  const today = localDate(clock.now());
  const cycle = addDays(today, -1).slice(0, 7);
  const books = (await store.accounts.listReadingBooks())
    .filter((b) => {
      const p = periodOf(cycle, b.readingDay);
      return p.from >= readsFrom && p.to <= today;
    })
    .map((b) => b.id);
  if (books.length === 0) return { cycle, books: 0, accounts: 0, estimated: 0, held: 0 };
  const built = await new DeterminantBuilder(store).build({
    cycle,
    readingBookIds: books,
    at: clock.now().toISOString(),
  });
  let held = 0;
  const runner = new BillRunService(store, clock, new CycleStageRecorder(store), AUDIT_THRESHOLDS_DEFAULT);
  const computer = new InlineBillComputer(
    await storedTariffDocuments(store),
    AUDIT_THRESHOLDS_DEFAULT,
    store.billing.determinants,
  );
  for (const b of await store.billing.determinants.books(cycle)) {
    const r = await runner.runBook(
      { readingBookId: b.readingBookId, cycle, actor: 'demo', holder: 'demo-seed' },
      computer,
    );
    held += r.byStatus.held ?? 0;
  }
  return { cycle, books: books.length, accounts: built.accounts, estimated: built.estimated, held };
}
