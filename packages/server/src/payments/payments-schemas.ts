import { Type } from 'typebox';

/** Schemas of the payments API (plain values, reused by the route modules). */
export const Fen = Type.Integer({ minimum: 1, maximum: 100_000_000, description: 'amount in fen (0.01 yuan)' });
export const SignedFen = Type.Integer({ description: 'signed amount in fen' });
export const AccountNo = Type.String({ pattern: '^[0-9A-Za-z-]{4,32}$' });
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.String({
    minLength: 8,
    maxLength: 100,
    description: 'one key per payment attempt; a retry reuses it',
  }),
});

export const OrderViewSchema = Type.Object({
  id: Type.String(),
  channel: Type.String(),
  state: Type.String(),
  amountFen: Type.Integer(),
  providerTxnId: Type.Union([Type.String(), Type.Null()]),
  receiptNo: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  paidAt: Type.Union([Type.String(), Type.Null()]),
  businessDate: Type.Union([Type.String(), Type.Null()]),
  targets: Type.Array(
    Type.Object({
      accountId: Type.String(),
      accountNo: Type.String(),
      holderMasked: Type.String(),
      amountFen: Type.Integer(),
    }),
  ),
});

export const OverviewSchema = Type.Object({
  accountId: Type.String(),
  walletFen: SignedFen,
  arrearsFen: SignedFen,
  balanceFen: SignedFen,
  status: Type.String(),
  openItems: Type.Array(Type.Object({ ref: Type.String(), dueDate: Type.String(), openFen: Type.Integer() })),
  paymentsThisMonth: Type.Integer(),
});

export const CreatedOrderSchema = Type.Object({ order: OrderViewSchema, payUrl: Type.String() });

export const RefundStatusSchema = Type.Union([
  Type.Literal('requested'),
  Type.Literal('rejected'),
  Type.Literal('approved'),
  Type.Literal('paying'),
  Type.Literal('paid'),
  Type.Literal('payout_failed'),
]);

const NullableText = () => Type.Union([Type.String(), Type.Null()]);

export const RefundPayoutSchema = Type.Object({
  method: Type.Union([Type.Literal('provider'), Type.Literal('bank_file')]),
  state: Type.String(),
  attempts: Type.Integer(),
  failure_reason: NullableText(),
  external_ref: NullableText(),
  file_id: NullableText(),
  paid_at: NullableText(),
});

export const RefundSchema = Type.Object({
  id: Type.String(),
  account_id: Type.String(),
  payment_order_id: Type.Union([Type.String(), Type.Null()]),
  amount_fen: Type.Integer(),
  reason: Type.String(),
  state: Type.String(),
  requested_by: Type.String(),
  requested_at: Type.String(),
  decided_by: Type.Union([Type.String(), Type.Null()]),
  decided_at: Type.Union([Type.String(), Type.Null()]),
  /** The decision until approved, then how far the payout got. */
  status: RefundStatusSchema,
  payout: Type.Union([RefundPayoutSchema, Type.Null()]),
});

export const GroupRowSchema = Type.Object({
  month: Type.String(),
  customerId: Type.String(),
  customerName: Type.String(),
  accountId: Type.String(),
  accountNo: Type.String(),
  energyWh: Type.Integer(),
  costFen: Type.Integer(),
  arrearsFen: Type.Integer(),
  /** The current month before its bill: energy metered so far, no cost yet. */
  soFar: Type.Boolean(),
  asOf: Type.Union([Type.String(), Type.Null()]),
});

export const ReconciliationReportSchema = Type.Object({
  id: Type.String(),
  day: Type.String(),
  channel: Type.String(),
  report: Type.Object({
    matched: Type.Array(
      Type.Object({ providerTxnId: Type.String(), paymentId: Type.String(), amountFen: Type.Integer() }),
    ),
    missingOnOurSide: Type.Array(
      Type.Object({ providerTxnId: Type.String(), amountFen: Type.Integer(), paidAt: Type.String() }),
    ),
    missingAtProvider: Type.Array(
      Type.Object({ paymentId: Type.String(), providerTxnId: Type.String(), amountFen: Type.Integer() }),
    ),
    amountMismatches: Type.Array(
      Type.Object({
        providerTxnId: Type.String(),
        paymentId: Type.String(),
        providerFen: Type.Integer(),
        ledgerFen: Type.Integer(),
        differenceFen: Type.Integer(),
      }),
    ),
    duplicates: Type.Array(Type.Object({ side: Type.String(), providerTxnId: Type.String(), count: Type.Integer() })),
    providerTotalFen: Type.Integer(),
    ledgerTotalFen: Type.Integer(),
  }),
});
