import type { Clock } from '@meterflow/core';
import type { Store } from '@meterflow/store';
import { hashPassword } from '../auth/password.ts';
import { DEMO_PASSWORD, type DemoCity, planDemoCity } from './demo-city-plan.ts';
import { seedDemoAlarms } from '../alarms/demo-alarms.ts';
import { seedDemoMonitoring } from '../monitoring/demo-monitoring.ts';
import { seedDemoBilling } from '../billing/demo-billing.ts';
import { seedDemoPrepaid } from '../prepaid/prepaid-demo.ts';

export interface SeedResult {
  seeded: boolean;
  customers: number;
  accounts: number;
  meters: number;
  users: DemoCity['users'];
}

/** Seeds the demo city into an empty store in one transaction; a store that has data is left alone. */
export async function seedDemoCity(store: Store, clock: Clock, customersPerCounty = 1000): Promise<SeedResult> {
  const city = planDemoCity(customersPerCounty);
  const existing = await store.orgs.list();
  if (existing.length > 0) {
    return { seeded: false, customers: 0, accounts: 0, meters: 0, users: city.users };
  }
  const hash = await hashPassword(DEMO_PASSWORD);
  const now = clock.now().toISOString();
  await store.transaction(async (tx) => {
    await tx.orgs.insertMany(city.orgs);
    await tx.accounts.insertReadingBooks(city.readingBooks);
    await tx.customers.insertMany(city.customers);
    await tx.accounts.insertMany(city.accounts);
    await tx.accounts.insertServicePoints(city.servicePoints);
    await tx.meters.insertMany(city.meters);
    await tx.accounts.insertTariffAssignments(city.tariffs);
    for (const [i, u] of city.users.entries()) {
      await tx.users.insert({ id: `usr-${i + 1}`, ...u, passwordHash: hash, createdAt: now, disabled: false });
    }
    await tx.audit.append({
      at: now,
      actorUserId: null,
      action: 'seed',
      entity: 'demo_city',
      entityId: 'tianshui',
      detail: { customers: city.customers.length },
    });
  });
  await seedDemoAlarms(store, clock);
  await seedDemoMonitoring(store, clock);
  await seedDemoBilling(store, clock);
  await seedDemoPrepaid(store, clock);
  return {
    seeded: true,
    customers: city.customers.length,
    accounts: city.accounts.length,
    meters: city.meters.length,
    users: city.users,
  };
}
