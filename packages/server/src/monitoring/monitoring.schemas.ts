import { Type } from 'typebox';

const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });
const CurveStep = Type.Object({
  upToS: Type.Union([Type.Number(), Type.Null()]),
  minResidualPct: Type.Optional(Type.Number()),
  maxPct: Type.Optional(Type.Number()),
});
export const Curve = Type.Object({
  id: Type.String(),
  name: Bilingual,
  lower: Type.Array(CurveStep),
  upper: Type.Array(CurveStep),
});

export const AccountParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const UploadQuery = Type.Object({
  accountId: Type.String({ minLength: 1, maxLength: 64 }),
  format: Type.Union([Type.Literal('csv'), Type.Literal('cff')]),
  nominalV: Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 }),
  freq: Type.Union([Type.Literal(50), Type.Literal(60)]),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  limits: Type.Optional(Type.Union([Type.Literal('cn'), Type.Literal('en50160'), Type.Literal('ieee519')])),
});

export const ComtradeBody = Type.Object(
  {
    accountId: Type.String({ minLength: 1, maxLength: 64 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    cfg: Type.String({ minLength: 1, maxLength: 1_000_000 }),
    datBase64: Type.String({ minLength: 1 }),
    nominalV: Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 }),
    freq: Type.Union([Type.Literal(50), Type.Literal(60)]),
    limits: Type.Optional(Type.Union([Type.Literal('cn'), Type.Literal('en50160'), Type.Literal('ieee519')])),
  },
  { additionalProperties: false },
);

export const UploadResult = Type.Object({
  id: Type.String(),
  accountId: Type.String(),
  categoryId: Type.String(),
  limitSetId: Type.String(),
  curveId: Type.String(),
  durationS: Type.Number(),
  sampleRateHz: Type.Number(),
  compliant: Type.Union([Type.Boolean(), Type.Null()]),
  events: Type.Array(
    Type.Object({
      kind: Type.String(),
      phases: Type.Array(Type.String()),
      startAt: Type.String(),
      durationS: Type.Number(),
      extremePct: Type.Number(),
      inside: Type.Boolean(),
    }),
  ),
  compliance: Type.Array(
    Type.Object({
      quantity: Type.String(),
      order: Type.Union([Type.Number(), Type.Null()]),
      valueAtPercentile: Type.Union([Type.Number(), Type.Null()]),
      max: Type.Union([Type.Number(), Type.Null()]),
      pass: Type.Union([Type.Boolean(), Type.Null()]),
    }),
  ),
});

const SummaryIn = Type.Object(
  {
    intervalStart: Type.String({ maxLength: 40 }),
    voltageV: Type.Array(Type.Number(), { minItems: 1, maxItems: 3 }),
    currentA: Type.Optional(Type.Array(Type.Number(), { maxItems: 3 })),
    neutralA: Type.Optional(Type.Number()),
    thdPct: Type.Optional(Type.Number()),
    unbalancePct: Type.Optional(Type.Number()),
    frequencyHz: Type.Optional(Type.Number()),
    powerFactor: Type.Optional(Type.Number()),
  },
  { additionalProperties: false },
);
const EventIn = Type.Object(
  {
    kind: Type.Union([Type.Literal('dip'), Type.Literal('swell'), Type.Literal('interruption')]),
    startAt: Type.String({ maxLength: 40 }),
    durationMs: Type.Number({ minimum: 0 }),
    extremePct: Type.Number({ minimum: 0 }),
    phases: Type.Optional(Type.Array(Type.String({ maxLength: 8 }), { maxItems: 3 })),
  },
  { additionalProperties: false },
);
export const SummaryBody = Type.Object(
  {
    subjectId: Type.String({ pattern: '^[0-9A-Za-z_-]{1,32}$' }),
    accountId: Type.Optional(Type.String({ maxLength: 64 })),
    summaries: Type.Optional(Type.Array(SummaryIn, { maxItems: 1000 })),
    events: Type.Optional(Type.Array(EventIn, { maxItems: 1000 })),
  },
  { additionalProperties: false },
);
export const SummaryResult = Type.Object({
  summaries: Type.Integer(),
  events: Type.Integer(),
  accountId: Type.Union([Type.String(), Type.Null()]),
});

export const WeekQuery = Type.Object({ week: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })) });
export const RangeQuery = Type.Object({
  from: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}', maxLength: 40 }),
  to: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}', maxLength: 40 }),
});

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const WeeklyReport = Type.Object({
  accountId: Type.String(),
  weekStart: Type.String(),
  categoryId: Type.String(),
  category: Bilingual,
  limitSetId: Type.String(),
  limitSetName: Bilingual,
  declaredVoltage: Type.Object({
    voltageLevel: Type.String(),
    measured: Type.Union([Type.Literal('phase'), Type.Literal('line')]),
    referenceV: Type.Number(),
    phaseV: Nullable(Type.Number()),
    lineV: Nullable(Type.Number()),
  }),
  curve: Curve,
  summaries: Type.Integer(),
  compliant: Nullable(Type.Boolean()),
  compliance: Type.Array(
    Type.Object({
      quantity: Type.String(),
      order: Nullable(Type.Number()),
      percentile: Type.Number(),
      min: Nullable(Type.Number()),
      max: Nullable(Type.Number()),
      value: Nullable(Type.Number()),
      lowerValue: Nullable(Type.Number()),
      pass: Nullable(Type.Boolean()),
      source: Type.String(),
    }),
  ),
  events: Type.Array(
    Type.Object({
      kind: Type.String(),
      startAt: Type.String(),
      durationS: Type.Number(),
      extremePct: Type.Number(),
      phases: Type.Array(Type.String()),
      inside: Type.Boolean(),
      boundPct: Type.Number(),
    }),
  ),
  eventsOutsideCurve: Type.Integer(),
  explanation: Bilingual,
});

export const Dashboard = Type.Object({
  from: Type.String(),
  to: Type.String(),
  events: Type.Array(
    Type.Object({
      kind: Type.String(),
      startAt: Type.String(),
      durationS: Type.Number(),
      extremePct: Type.Number(),
      phases: Type.Array(Type.String()),
      accountId: Nullable(Type.String()),
      orgId: Nullable(Type.String()),
      source: Type.String(),
      categoryId: Type.String(),
      curveId: Type.String(),
      inside: Type.Boolean(),
    }),
  ),
  curves: Type.Array(Curve),
  compliance: Type.Array(
    Type.Object({
      categoryId: Type.String(),
      orgId: Type.String(),
      accounts: Type.Integer(),
      compliant: Type.Integer(),
      notCompliant: Type.Integer(),
      events: Type.Integer(),
    }),
  ),
  records: Type.Array(
    Type.Object({
      id: Type.String(),
      accountId: Nullable(Type.String()),
      fileName: Type.String(),
      uploadedAt: Type.String(),
      compliant: Nullable(Type.Boolean()),
    }),
  ),
});

const Finding = Type.Object({
  detector: Type.String(),
  code: Type.String(),
  severity: Type.String(),
  points: Type.Number(),
  evidence: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String()])),
  reason: Bilingual,
  advice: Bilingual,
});
export const RiskAssessment = Type.Object({
  accountId: Type.String(),
  asOf: Type.String(),
  orgId: Nullable(Type.String()),
  assessedAt: Type.String(),
  score: Type.Integer(),
  level: Type.String(),
  alarm: Type.Boolean(),
  findings: Type.Array(Finding),
  reasons: Type.Array(Bilingual),
  advice: Type.Array(Bilingual),
});
export const RiskList = Type.Object({ items: Type.Array(RiskAssessment) });
export const RiskRun = Type.Object(
  { asOf: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })) },
  { additionalProperties: false },
);
export const RiskRunResult = Type.Object({
  asOf: Type.String(),
  assessed: Type.Integer(),
  alarms: Type.Integer(),
  withIntervalData: Type.Integer(),
});
export const ProfileBody = Type.Object(
  {
    categoryId: Type.Union(
      ['residential', 'commercial', 'industrial', 'semiconductor', 'hospital', 'agriculture'].map((c) =>
        Type.Literal(c),
      ),
    ),
    limitSetId: Type.Optional(
      Nullable(Type.Union([Type.Literal('cn'), Type.Literal('en50160'), Type.Literal('ieee519')])),
    ),
    industry: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100 }))),
  },
  { additionalProperties: false },
);
export const Profile = Type.Object({
  accountId: Type.String(),
  categoryId: Type.String(),
  limitSetId: Nullable(Type.String()),
  industry: Nullable(Type.String()),
  updatedAt: Type.String(),
});
export const Stored = Type.Object({ stored: Type.Integer() });
export const PolicyBody = Type.Object({ notices: Type.Array(Type.Unknown(), { maxItems: 10_000 }) });
export const WeatherQuery = Type.Object({ source: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })) });
