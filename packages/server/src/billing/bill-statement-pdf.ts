import PDFDocument from 'pdfkit';
import { formatYuan, type Fen } from '@meterflow/core';
import type { BillDetailView } from './bill-views.ts';
import { STATEMENT_FONT_NAME, statementFontPath } from './statement-font.ts';

/** What a statement names besides the bill itself. */
export interface StatementParty {
  company: string;
  customerName: string;
  address: string;
}

const PAGE_MARGIN_PT = 48;
const COLUMNS_PT = [0, 210, 320, 410] as const;
const STATUS_ZH: Record<string, string> = {
  released: '已发行',
  passed: '待发行',
  approved: '待发行',
  held: '审核中',
  rejected: '已退回',
};

/**
 * A printable statement (电费账单) of one bill in Chinese, as a PDF with Noto Sans SC embedded:
 * pdfkit subsets the font to the characters used (about 50 KB a statement).
 */
export function billStatementPdf(bill: BillDetailView, party: StatementParty): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE_MARGIN_PT,
    info: { Title: `电费账单 ${bill.accountNo} ${bill.cycle}` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont(STATEMENT_FONT_NAME, statementFontPath());
  doc.font(STATEMENT_FONT_NAME);
  doc.fontSize(18).text(`${party.company} 电费账单`, { align: 'center' });
  doc.moveDown(0.3).fontSize(9).fillColor('#555').text('Electricity bill', { align: 'center' }).fillColor('#000');
  doc.moveDown(1).fontSize(10.5);
  const facts: [string, string][] = [
    ['户名', party.customerName],
    ['户号', bill.accountNo],
    ['用电地址', party.address],
    ['账期', `${bill.cycle}(${bill.periodFrom} 至 ${bill.periodTo},${bill.days} 天)`],
    ['电价', `${bill.tariffName.zh} 第 ${bill.tariffVersion} 版`],
    ['用电量', `${bill.energyKwh} 千瓦时${bill.estimated ? '(估抄)' : ''}`],
    ['状态', `${STATUS_ZH[bill.status] ?? bill.status}${bill.revision ? `,第 ${bill.revision} 次更正` : ''}`],
  ];
  if (bill.powerFactor) facts.push(['功率因数', bill.powerFactor]);
  for (const [k, v] of facts) doc.text(`${k}:${v}`);
  doc.moveDown(1);
  lineTable(doc, bill);
  doc.moveDown(1).fontSize(11);
  doc.text(`合计:${bill.total} 元(不含税 ${bill.net} 元,税额 ${bill.tax} 元)`, { align: 'right' });
  if (bill.creditNote) {
    doc.moveDown(0.5).fontSize(9.5);
    doc.text(
      `本账单已由更正账单 ${bill.creditNote.newBillId} 替代,冲红 ${bill.creditNote.amount} 元:${bill.creditNote.reason}`,
    );
  }
  doc.moveDown(2).fontSize(8.5).fillColor('#555');
  doc.text(`账单编号 ${bill.id}。电价为示例数据。请于到期日前交费,逾期将按规定收取违约金。`);
  doc.end();
  return done;
}

function lineTable(doc: PDFKit.PDFDocument, bill: BillDetailView): void {
  const left = PAGE_MARGIN_PT;
  const row = (cells: string[], bold = false) => {
    const y = doc.y;
    doc.fontSize(bold ? 10 : 9.5);
    cells.forEach((c, i) =>
      doc.text(c, left + COLUMNS_PT[i], y, {
        width: i === 0 ? 200 : 95,
        align: i === 0 ? 'left' : 'right',
        lineBreak: i === 0,
      }),
    );
    doc.x = left;
    doc.moveDown(0.4);
  };
  row(['项目', '数量', '单价', '金额(元)'], true);
  doc
    .moveTo(left, doc.y)
    .lineTo(left + 505, doc.y)
    .stroke();
  doc.moveDown(0.3);
  for (const l of bill.lines) {
    const label = (l.label as { zh: string }).zh;
    const qty = `${String(l.quantity)} ${unitZh(String(l.unit))}`;
    const price = l.priceUnit === 'percent' ? `${String(l.unitPrice)}%` : String(l.unitPrice);
    row([label, qty, price, String(l.amount)]);
  }
  doc
    .moveTo(left, doc.y)
    .lineTo(left + 505, doc.y)
    .stroke();
  doc.moveDown(0.3);
  row(['合计', '', '', formatYuan(bill.totalFen as Fen)], true);
}

const unitZh = (u: string): string => ({ kWh: '千瓦时', kW: '千瓦', kVA: '千伏安', yuan: '元' })[u] ?? u;
