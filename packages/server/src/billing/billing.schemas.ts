import { Type } from 'typebox';
import { CYCLE_STAGES } from '@meterflow/core/workflow/billing-cycle';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
export const Cycle = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'billing cycle YYYY-MM' });
export const BookId = Type.String({ minLength: 1, maxLength: 64 });
export const BillStatusSchema = Type.Union(
  ['passed', 'held', 'approved', 'rejected', 'released'].map((s) => Type.Literal(s)),
);
const Label = Type.Object({ zh: Type.String(), en: Type.String() });

export const BillViewSchema = Type.Object(
  {
    id: Type.String(),
    accountId: Type.String(),
    accountNo: Type.String(),
    cycle: Type.String(),
    revision: Type.Integer(),
    readingBookId: Type.String(),
    customerClass: Type.String(),
    tariffId: Type.String(),
    tariffName: Label,
    tariffVersion: Type.Integer(),
    periodFrom: Type.String(),
    periodTo: Type.String(),
    days: Type.Integer(),
    energyKwh: Type.String(),
    total: Type.String(),
    net: Type.String(),
    tax: Type.String(),
    totalFen: Type.Integer(),
    powerFactor: Nullable(Type.String()),
    estimated: Type.Boolean(),
    status: Type.String(),
    calculatedAt: Type.String(),
    releasedAt: Nullable(Type.String()),
    replacesBillId: Nullable(Type.String()),
    audit: Type.Array(
      Type.Object({
        rule: Type.String(),
        params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
      }),
    ),
  },
  { $id: 'BillView' },
);

export const BillDetailSchema = Type.Object(
  {
    ...BillViewSchema.properties,
    lines: Type.Array(
      Type.Object({
        code: Type.String(),
        label: Label,
        quantity: Type.String(),
        unit: Type.String(),
        unitPrice: Type.String(),
        priceUnit: Type.String(),
        factor: Type.Optional(Type.String()),
        amount: Type.String(),
        rule: Type.String(),
        tariffVersion: Type.Integer(),
      }),
    ),
    decisions: Type.Array(
      Type.Object({
        decision: Type.String(),
        reason: Type.String(),
        decidedBy: Type.String(),
        decidedAt: Type.String(),
      }),
    ),
    creditNote: Nullable(
      Type.Object({
        id: Type.String(),
        amount: Type.String(),
        reason: Type.String(),
        newBillId: Type.String(),
        issuedAt: Type.String(),
      }),
    ),
  },
  { $id: 'BillDetail' },
);

export const BillRunViewSchema = Type.Object(
  {
    readingBookId: Type.String(),
    cycle: Type.String(),
    status: Type.Union(['running', 'calculated', 'failed'].map((s) => Type.Literal(s))),
    accountsTotal: Type.Integer({ description: "the book's accounts with determinants for the cycle" }),
    accountsDone: Type.Integer({ description: 'accounts billed so far: moves with every committed chunk' }),
    startedBy: Type.String(),
    startedAt: Type.String({ description: "the book's first run of the cycle" }),
    finishedAt: Nullable(Type.String()),
    error: Nullable(Type.String({ description: 'why the last run failed' })),
    bills: Type.Record(Type.String(), Type.Integer(), { description: "the cycle's bills of the book by status" }),
    stages: Type.Array(
      Type.Object({
        stage: Type.Union(CYCLE_STAGES.map((s) => Type.Literal(s))),
        startedAt: Type.String(),
        endedAt: Nullable(Type.String()),
        actor: Type.String(),
        outcome: Nullable(Type.String()),
        note: Nullable(Type.String()),
      }),
    ),
  },
  { $id: 'BillRunView' },
);

export const billingSchemas = [BillViewSchema, BillDetailSchema, BillRunViewSchema];
