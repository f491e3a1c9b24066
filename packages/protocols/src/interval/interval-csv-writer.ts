import type { IntervalBlock } from '@meterflow/core/metering/interval-block';
import { QUALITY } from '@meterflow/core/metering/quality-flag';
import { CSV_LETTER_BY_QUALITY } from './interval-csv-format.ts';

/** Writes blocks (all with the same slot count) as interval CSV v1, header included. */
export function formatIntervalCsv(blocks: readonly IntervalBlock[], slots = blocks[0]?.values.length ?? 96): string {
  const header = ['meter', 'channel', 'date', ...Array.from({ length: slots }, (_, i) => `v${i + 1}`)].join(',');
  const lines = [header];
  for (const b of blocks) {
    if (b.values.length !== slots)
      throw new RangeError(`block ${b.meterId}/${b.date} has ${b.values.length} slots, not ${slots}`);
    const cells: string[] = [b.meterId, String(b.channel), b.date];
    for (let i = 0; i < slots; i++) {
      const q = b.quality[i];
      cells.push(q === QUALITY.MISSING ? '' : `${b.values[i]}${CSV_LETTER_BY_QUALITY[q]}`);
    }
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}
