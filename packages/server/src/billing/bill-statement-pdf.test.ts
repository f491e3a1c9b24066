import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { billStatementPdf } from './bill-statement-pdf.ts';
import type { BillDetailView } from './bill-views.ts';
import { STATEMENT_FONT_NAME } from './statement-font.ts';

const bill: BillDetailView = {
  id: 'acc-1.2026-10.0',
  accountId: 'acc-1',
  accountNo: '6205240001',
  cycle: '2026-10',
  revision: 0,
  readingBookId: 'rb-1',
  customerClass: 'residential',
  tariffId: 'gansu-residential-tiered',
  tariffName: { zh: '甘肃居民生活用电阶梯电价(示例)', en: 'Gansu residential tiered price (example)' },
  tariffVersion: 1,
  periodFrom: '2026-09-05',
  periodTo: '2026-10-05',
  days: 30,
  energyKwh: '200.000',
  total: '104.60',
  net: '92.57',
  tax: '12.03',
  totalFen: 10460,
  powerFactor: null,
  estimated: false,
  status: 'released',
  calculatedAt: '2026-10-06T02:00:00.000Z',
  releasedAt: '2026-10-07T02:00:00.000Z',
  replacesBillId: null,
  audit: [],
  lines: [
    {
      code: 'energy.tier1',
      label: { zh: '第一档电量电费', en: 'Tier 1 energy' },
      quantity: '160.000',
      unit: 'kWh',
      unitPrice: '0.510000',
      priceUnit: 'yuan/kWh',
      amount: '81.60',
      rule: 'tieredEnergy',
      tariffVersion: 1,
    },
    {
      code: 'energy.tier2',
      label: { zh: '第二档电量电费', en: 'Tier 2 energy' },
      quantity: '40.000',
      unit: 'kWh',
      unitPrice: '0.560000',
      priceUnit: 'yuan/kWh',
      amount: '22.40',
      rule: 'tieredEnergy',
      tariffVersion: 1,
    },
  ],
  decisions: [],
  creditNote: null,
};

/** Every stream of the PDF, inflated where it is Flate-compressed. */
function streams(pdf: Buffer): string[] {
  const out: string[] = [];
  const text = pdf.toString('latin1');
  const re = /stream\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    const raw = pdf.subarray(start, end);
    try {
      out.push(inflateSync(raw).toString('latin1'));
    } catch {
      out.push(raw.toString('latin1'));
    }
  }
  return out;
}

test('the statement PDF embeds a subset of Noto Sans SC and maps its glyphs to Chinese text', async () => {
  const pdf = await billStatementPdf(bill, {
    company: '甘谷县供电公司',
    customerName: '张伟',
    address: '甘谷县大像山镇',
  });
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const text = pdf.toString('latin1');
  assert.match(text, new RegExp(`/BaseFont /[A-Z]{6}\\+${STATEMENT_FONT_NAME}`), 'a subset of the font is embedded');
  assert.match(text, /\/FontFile3|\/FontFile2/, 'the font program itself is in the file');
  const cmap = streams(pdf).find((s) => s.includes('beginbfchar') || s.includes('beginbfrange'));
  assert.ok(cmap, 'a ToUnicode map lets readers extract the text');
  // 电 U+7535, 费 U+8D39, 张 U+5F20: the statement's Chinese text is mapped.
  for (const hex of ['7535', '8d39', '5f20']) assert.ok(cmap.toLowerCase().includes(`<${hex}>`), `maps U+${hex}`);
  assert.ok(pdf.length < 200_000, `subset keeps the file small (${pdf.length} bytes)`);
});
