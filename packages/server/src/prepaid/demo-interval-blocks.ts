import { addDays, SeededRandom } from '@meterflow/core';
import { createEmptyBlock, type IntervalBlock } from '@meterflow/core/metering/interval-block';
import { QUALITY } from '@meterflow/core/metering/quality-flag';
import type { Store } from '@meterflow/store';
import { ADVICE_INTERVAL_DAYS } from './interval-usage.ts';

/** Standby base load of the demo home in Wh per 15 minutes (about 60 W). */
const DEMO_BASE_WH = 15;

/**
 * 15-minute blocks of the last 30 days for one demo meter, so the portal shows standby and
 * shifting advice: a steady base load, an evening peak and a daytime bump.
 */
export async function seedDemoIntervalBlocks(store: Store, meterId: string, today: string, at: Date): Promise<void> {
  const rng = new SeededRandom(96);
  const blocks: IntervalBlock[] = [];
  for (let d = ADVICE_INTERVAL_DAYS; d >= 1; d--) {
    const b = createEmptyBlock({ meterId, channel: 1, date: addDays(today, -d) }, { zone: 'Asia/Shanghai' });
    for (let i = 0; i < b.values.length; i++) {
      const hour = Math.floor((i * b.slotMinutes) / 60);
      const evening = hour >= 18 && hour < 23 ? 120 : 0;
      const day = hour >= 7 && hour < 18 ? 40 : 0;
      b.values[i] = DEMO_BASE_WH + rng.int(0, 6) + evening + day;
      b.quality[i] = QUALITY.ACTUAL;
    }
    blocks.push(b);
  }
  await store.metering.blocks.storeReads(blocks, at.toISOString(), 'demo-prepaid');
}
