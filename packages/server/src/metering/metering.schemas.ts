import { Type } from 'typebox';
import { VEE_PAGE_MAX, REJECT_PAGE_MAX } from '@meterflow/store';

/** Shared metering schemas with an `$id`, registered once by the app. */
const StoreReadsResult = Type.Object(
  { inserted: Type.Integer(), merged: Type.Integer(), unchanged: Type.Integer(), reads: Type.Integer() },
  { $id: 'StoreReadsResult' },
);

const VeeException = Type.Object(
  {
    id: Type.String(),
    ruleId: Type.String(),
    meterId: Type.String(),
    channel: Type.Integer(),
    date: Type.String(),
    severity: Type.String(),
    detail: Type.String(),
    slots: Type.Array(Type.Integer()),
    repair: Type.String(),
    status: Type.String(),
    orgId: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    resolvedBy: Type.Union([Type.String(), Type.Null()]),
    resolvedAt: Type.Union([Type.String(), Type.Null()]),
    resolutionNote: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'VeeException' },
);

export const meteringSchemas = [StoreReadsResult, VeeException];

export const Date_ = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
export const MeterIdParam = Type.String({ pattern: '^[0-9A-Za-z_-]{1,32}$' });
export const DateRange = Type.Object({ from: Date_, to: Date_ });

export const VeeListQuery = Type.Object({
  status: Type.Optional(Type.Union(['open', 'accepted', 'estimated', 'edited', 'cleared'].map((s) => Type.Literal(s)))),
  meterId: Type.Optional(MeterIdParam),
  from: Type.Optional(Date_),
  to: Type.Optional(Date_),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: VEE_PAGE_MAX, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
});

export const RejectQuery = Type.Object({
  batchId: Type.Optional(Type.String({ maxLength: 64 })),
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('corrected'), Type.Literal('discarded')])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: REJECT_PAGE_MAX, default: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
});

export const CsvReport = Type.Object({
  batchId: Type.String(),
  rowsRead: Type.Integer(),
  rowsAccepted: Type.Integer(),
  rowsRejected: Type.Integer(),
  readsStored: Type.Integer(),
  stored: Type.Ref('StoreReadsResult'),
  errors: Type.Array(
    Type.Object({ line: Type.Integer(), column: Type.Integer(), field: Type.String(), message: Type.String() }),
  ),
  errorsTruncated: Type.Boolean(),
});

export const IngestResult = Type.Object({
  inserted: Type.Integer(),
  merged: Type.Integer(),
  unchanged: Type.Integer(),
  reads: Type.Integer(),
  registers: Type.Integer(),
  freezes: Type.Integer(),
  events: Type.Integer(),
});

/** The JSON batch: reading messages of many meters (docs/metering.md, "JSON reading message"). */
export const ReadingsBody = Type.Object({
  meters: Type.Array(
    Type.Object({
      meterId: MeterIdParam,
      intervals: Type.Optional(Type.Array(Type.Unknown())),
      registers: Type.Optional(Type.Array(Type.Unknown())),
      freezes: Type.Optional(Type.Array(Type.Unknown())),
      events: Type.Optional(Type.Array(Type.Unknown())),
    }),
    { minItems: 1, maxItems: 1000 },
  ),
});

const Event = Type.Object({
  meterId: Type.String(),
  kind: Type.String(),
  atUtc: Type.String(),
  source: Type.String(),
  detail: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
});

export const MeterReads = Type.Object({
  meterId: Type.String(),
  channel: Type.Integer(),
  days: Type.Array(
    Type.Object({
      date: Type.String(),
      version: Type.Integer(),
      values: Type.Array(Type.Integer()),
      quality: Type.Array(Type.Integer()),
    }),
  ),
  freezes: Type.Array(
    Type.Object({
      date: Type.String(),
      register: Type.String(),
      valueWh: Type.Integer(),
      quality: Type.Integer(),
      source: Type.String(),
    }),
  ),
  events: Type.Array(Event),
});

export const BlockHistory = Type.Object({
  versions: Type.Array(
    Type.Object({
      version: Type.Integer(),
      kind: Type.String(),
      basedOnVersion: Type.Integer(),
      reason: Type.String(),
      by: Type.String(),
      atUtc: Type.String(),
      values: Type.Array(Type.Integer()),
      quality: Type.Array(Type.Integer()),
    }),
  ),
  edits: Type.Array(
    Type.Object({
      slot: Type.Integer(),
      version: Type.Integer(),
      oldValue: Type.Integer(),
      oldQuality: Type.Integer(),
      newValue: Type.Integer(),
      clerkId: Type.String(),
      reason: Type.String(),
      atUtc: Type.String(),
    }),
  ),
});

export const Collection = Type.Object({
  books: Type.Array(
    Type.Object({
      bookId: Type.String(),
      code: Type.String(),
      name: Type.String(),
      orgId: Type.String(),
      readingDay: Type.Integer(),
      days: Type.Array(
        Type.Object({
          date: Type.String(),
          meters: Type.Integer(),
          collected: Type.Integer(),
          ratePercent: Type.Number(),
        }),
      ),
    }),
  ),
});

export const Usage = Type.Object({
  accountId: Type.String(),
  granularity: Type.String(),
  unit: Type.Literal('kWh'),
  points: Type.Array(
    Type.Object({
      period: Type.String(),
      wh: Type.Integer(),
      kwh: Type.Number(),
      quality: Type.String(),
      daysWithData: Type.Integer(),
      days: Type.Integer(),
    }),
  ),
});

export const EditBody = Type.Object({
  reason: Type.String({ minLength: 1, maxLength: 500 }),
  edits: Type.Array(Type.Object({ slot: Type.Integer({ minimum: 0, maximum: 1499 }), value: Type.Integer() }), {
    minItems: 1,
    maxItems: 1500,
  }),
});
