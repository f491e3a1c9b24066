import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@meterflow/core';
import { principalOf } from '../auth/authenticate.ts';
import type { Services } from '../services.ts';
import { commonErrors } from '../http/error-body.ts';
import { startMonitoringJobs } from './monitoring-jobs.ts';
import { IMPORT_LIMIT_BYTES, PQ_UPLOAD_LIMIT_BYTES, RISK_LIST_MAX } from './monitoring-limits.ts';
import {
  AccountParams,
  ComtradeBody,
  Dashboard,
  PolicyBody,
  Profile,
  ProfileBody,
  RangeQuery,
  RiskAssessment,
  RiskList,
  RiskRun,
  RiskRunResult,
  Stored,
  SummaryBody,
  SummaryResult,
  UploadQuery,
  UploadResult,
  WeatherQuery,
  WeekQuery,
  WeeklyReport,
} from './monitoring.schemas.ts';

const UPLOAD_ROLES = ['admin', 'clerk', 'dispatcher'] as const;
const IMPORT_ROLES = ['admin', 'clerk'] as const;
const RUN_ROLES = ['admin', 'dispatcher'] as const;
const tags = ['monitoring'];

/** Power quality (uploads, summaries, reports, dashboard) and safe usage (imports, risk). */
export function monitoringRoutes(app: FastifyInstance, s: Services): void {
  startMonitoringJobs(app, s);
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      ['application/octet-stream', 'text/csv'],
      { parseAs: 'buffer', bodyLimit: PQ_UPLOAD_LIMIT_BYTES },
      (_req, body, done) => done(null, body),
    );
    uploadRoutes(scope, s);
  });
  reportRoutes(app, s);
  riskRoutes(app, s);
}

const asBuffer = (body: unknown, type: string): Buffer => {
  if (!Buffer.isBuffer(body)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `send ${type}`);
  return body;
};

function uploadRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/api/monitoring/pq/records',
    {
      bodyLimit: PQ_UPLOAD_LIMIT_BYTES,
      schema: {
        tags,
        summary:
          'Upload a waveform file as the raw body (text/csv, or a COMTRADE 2013 .cff as application/octet-stream); analysed and stored',
        querystring: UploadQuery,
        response: { 200: UploadResult, ...commonErrors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      s.access.requireRole(p, UPLOAD_ROLES);
      const account = await s.access.account(p, req.query.accountId);
      const q = req.query;
      const bytes = asBuffer(req.body, q.format === 'csv' ? 'text/csv' : 'application/octet-stream');
      return s.monitoring.records.upload(
        account,
        {
          format: q.format,
          fileName: q.name ?? `upload.${q.format}`,
          bytes,
          nominalV: q.nominalV,
          nominalHz: q.freq,
          limitSetId: q.limits,
        },
        p.userId,
      );
    },
  );
  r.post(
    '/api/monitoring/pq/records/comtrade',
    {
      bodyLimit: PQ_UPLOAD_LIMIT_BYTES,
      schema: {
        tags,
        summary: 'Upload a COMTRADE .cfg with its .dat (base64) as JSON; analysed and stored',
        body: ComtradeBody,
        response: { 200: UploadResult, ...commonErrors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      s.access.requireRole(p, UPLOAD_ROLES);
      const b = req.body;
      const account = await s.access.account(p, b.accountId);
      return s.monitoring.records.upload(
        account,
        {
          format: 'comtrade',
          fileName: b.name,
          bytes: Buffer.from(b.cfg, 'latin1'),
          dat: Buffer.from(b.datBase64, 'base64'),
          nominalV: b.nominalV,
          nominalHz: b.freq,
          limitSetId: b.limits,
        },
        p.userId,
      );
    },
  );
  r.post(
    '/api/monitoring/imports/weather',
    {
      bodyLimit: IMPORT_LIMIT_BYTES,
      schema: {
        tags,
        summary: 'Weather CSV `area,date,hour,temperatureC`: stored whole, or every bad row reported',
        querystring: WeatherQuery,
        response: { 200: Stored, ...commonErrors },
      },
    },
    async (req) => {
      s.access.requireRole(principalOf(req), IMPORT_ROLES);
      return s.monitoring.imports.importWeather(
        asBuffer(req.body, 'text/csv').toString('utf8'),
        req.query.source ?? 'import',
      );
    },
  );
  r.post(
    '/api/monitoring/imports/production',
    {
      bodyLimit: IMPORT_LIMIT_BYTES,
      schema: {
        tags,
        summary: 'Production CSV `account,date,output,unit`: stored whole, or every bad row reported',
        response: { 200: Stored, ...commonErrors },
      },
    },
    async (req) => {
      s.access.requireRole(principalOf(req), IMPORT_ROLES);
      return s.monitoring.imports.importProduction(asBuffer(req.body, 'text/csv').toString('utf8'));
    },
  );
}

function reportRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/api/monitoring/pq/summaries',
    {
      schema: {
        tags,
        summary: '10-minute summaries and events of a PQ monitor or meter (the same as the MQTT topic)',
        body: SummaryBody,
        response: { 200: SummaryResult, ...commonErrors },
      },
    },
    async (req) => {
      s.access.requireRole(principalOf(req), UPLOAD_ROLES);
      const { subjectId, ...message } = req.body;
      return s.monitoring.summaries.ingest(subjectId, message);
    },
  );
  r.get(
    '/api/monitoring/accounts/:id/pq-report',
    {
      schema: {
        tags,
        summary: "An account's weekly power-quality compliance report, explained",
        params: AccountParams,
        querystring: WeekQuery,
        response: { 200: WeeklyReport, ...commonErrors },
      },
    },
    async (req) => s.monitoring.reports.weekly(await s.access.account(principalOf(req), req.params.id), req.query.week),
  );
  r.get(
    '/api/monitoring/pq/dashboard',
    {
      schema: {
        tags,
        summary: 'Staff: events on their tolerance curves and compliance by category and area',
        querystring: RangeQuery,
        response: { 200: Dashboard, ...commonErrors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      s.access.requireStaff(p);
      const scope = await s.access.scopeOf(p);
      return s.monitoring.reports.dashboard(scope.orgIds, req.query.from, req.query.to);
    },
  );
}

function riskRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/monitoring/risk',
    {
      schema: {
        tags,
        summary: 'Staff: the latest safe-usage risk of each account in scope, highest first',
        response: { 200: RiskList, ...commonErrors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      s.access.requireStaff(p);
      const scope = await s.access.scopeOf(p);
      return { items: (await s.store.monitoring.risk.latest({ orgIds: scope.orgIds, limit: RISK_LIST_MAX })) as never };
    },
  );
  r.get(
    '/api/monitoring/accounts/:id/safety',
    {
      schema: {
        tags,
        summary: "An account's latest safe-usage assessment: score, reasons and advice",
        params: AccountParams,
        response: { 200: RiskAssessment, ...commonErrors },
      },
    },
    async (req) => {
      const account = await s.access.account(principalOf(req), req.params.id);
      const [latest] = await s.store.monitoring.risk.latest({ accountIds: [account.id], limit: 1 });
      if (!latest) throw new AppError('NOT_FOUND', `no safe-usage assessment of account ${account.id} yet`);
      return latest as never;
    },
  );
  r.post(
    '/api/monitoring/risk/run',
    {
      schema: {
        tags,
        summary: 'Assess every active account now (the daily job does the same)',
        body: RiskRun,
        response: { 200: RiskRunResult, ...commonErrors },
      },
    },
    async (req) => {
      s.access.requireRole(principalOf(req), RUN_ROLES);
      return s.monitoring.risk.runAll(req.body.asOf);
    },
  );
  r.put(
    '/api/monitoring/accounts/:id/profile',
    {
      schema: {
        tags,
        summary: "Set an account's PQ category, limit set and industry",
        params: AccountParams,
        body: ProfileBody,
        response: { 200: Profile, ...commonErrors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      s.access.requireRole(p, IMPORT_ROLES);
      const account = await s.access.account(p, req.params.id);
      const profile = {
        accountId: account.id,
        categoryId: req.body.categoryId,
        limitSetId: req.body.limitSetId ?? null,
        industry: req.body.industry ?? null,
        updatedAt: s.clock.now().toISOString(),
      };
      await s.store.monitoring.risk.upsertProfiles([profile]);
      return profile;
    },
  );
  r.post(
    '/api/monitoring/imports/policies',
    {
      bodyLimit: IMPORT_LIMIT_BYTES,
      schema: {
        tags,
        summary: 'Industry policy notices (JSON): stored whole, or every problem reported',
        body: PolicyBody,
        response: { 200: Stored, ...commonErrors },
      },
    },
    async (req) => {
      s.access.requireRole(principalOf(req), IMPORT_ROLES);
      return s.monitoring.imports.importPolicies(req.body);
    },
  );
}
