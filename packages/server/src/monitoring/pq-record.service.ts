import { AppError, type Clock } from '@meterflow/core';
import {
  analysePowerQuality,
  getCustomerCategory,
  getToleranceCurve,
  placeDipOnCurve,
  placeSwellOnCurve,
} from '@meterflow/core/monitoring/pq/index';
import { comtradeToWaveform, readComtrade, readComtradeCff, readWaveformCsv } from '@meterflow/protocols';
import type { Account, PqEventRow, PqRecordRow, Store } from '@meterflow/store';
import { randomUUID } from 'node:crypto';
import { defaultCategoryFor } from './pq-category.ts';

export type WaveformFormat = 'csv' | 'cff' | 'comtrade';

export interface WaveformUpload {
  format: WaveformFormat;
  fileName: string;
  /** CSV text, a .cff file, or (format `comtrade`) the .cfg beside `dat`. */
  bytes: Buffer;
  dat?: Buffer;
  nominalV: number;
  nominalHz: number;
  limitSetId?: string;
}

function loadWaveform(u: WaveformUpload) {
  if (u.format === 'cff') return comtradeToWaveform(readComtradeCff(u.bytes));
  if (u.format === 'comtrade') {
    if (!u.dat)
      throw new AppError('VALIDATION_FAILED', 'a COMTRADE .cfg needs its .dat', [{ path: '/dat', message: 'missing' }]);
    return comtradeToWaveform(readComtrade(u.bytes, u.dat));
  }
  const csv = readWaveformCsv(u.bytes.toString('utf8'));
  const ch = (names: string[]) =>
    names.filter((n) => csv.channels[n]).map((n) => ({ name: n, samples: csv.channels[n] }));
  return {
    sampleRateHz: csv.sampleRateHz,
    startTimeMs: NaN,
    voltages: ch(['va', 'vb', 'vc']),
    currents: ch(['ia', 'ib', 'ic']),
  };
}

/** Analyses an uploaded waveform file for an account and stores the record, its metrics and events. */
export class PqRecordService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async upload(account: Account, u: WaveformUpload, userId: string | null) {
    const w = loadWaveform(u);
    if (w.voltages.length === 0)
      throw new AppError('IMPORT_REJECTED', 'the file has no phase voltage channel', [
        { path: '/channels', message: 'no va/vb/vc' },
      ]);
    const [profile] = await this.store.monitoring.risk.profiles([account.id]);
    const category = getCustomerCategory(profile?.categoryId ?? defaultCategoryFor(account.customerClass));
    const limitSetId = u.limitSetId ?? profile?.limitSetId ?? category.limitSetId;
    const known = Number.isFinite(w.startTimeMs);
    const now = this.clock.now();
    const startMs = known ? w.startTimeMs : now.getTime();
    const report = analysePowerQuality({
      sampleRateHz: w.sampleRateHz,
      nominalHz: u.nominalHz,
      declaredVoltageV: u.nominalV,
      voltages: w.voltages,
      currents: w.currents,
      startTimeMs: startMs,
      limitSetId,
    });
    const id = `pqr-${randomUUID()}`;
    const record: PqRecordRow = {
      id,
      accountId: account.id,
      meterId: null,
      orgId: account.orgId,
      fileName: u.fileName,
      format: u.format,
      sizeBytes: u.bytes.length + (u.dat?.length ?? 0),
      sampleRateHz: Math.round(w.sampleRateHz),
      durationMs: Math.round(report.record.durationS * 1000),
      channels: w.voltages.length + w.currents.length,
      recordedAt: known ? new Date(w.startTimeMs).toISOString() : null,
      uploadedAt: now.toISOString(),
      uploadedBy: userId,
      limitSetId,
      compliant: report.metrics.compliance.compliant,
      metrics: { ...report.metrics, record: report.record },
    };
    const events: PqEventRow[] = report.events.map((e) => ({
      recordId: id,
      source: 'record',
      accountId: account.id,
      subjectId: id,
      orgId: account.orgId,
      kind: e.kind,
      startAt: new Date(e.startMs).toISOString(),
      durationMs: Math.round(e.durationS * 1000),
      extremeBp: Math.round(e.extremePct * 100),
      phases: e.phases,
    }));
    await this.store.transaction((tx) => tx.monitoring.pq.insertRecord(record, events));
    const curve = getToleranceCurve(category.curveId);
    return {
      id,
      accountId: account.id,
      categoryId: category.id,
      limitSetId,
      curveId: curve.id,
      durationS: report.record.durationS,
      sampleRateHz: w.sampleRateHz,
      compliant: record.compliant,
      events: report.events.map((e) => ({
        kind: e.kind,
        phases: e.phases,
        startAt: new Date(e.startMs).toISOString(),
        durationS: e.durationS,
        extremePct: Math.round(e.extremePct * 100) / 100,
        inside: (e.kind === 'swell' ? placeSwellOnCurve : placeDipOnCurve)(curve, e.extremePct, e.durationS).inside,
      })),
      compliance: report.metrics.compliance.rows.map((r) => ({
        quantity: r.quantity,
        order: r.order ?? null,
        valueAtPercentile: Number.isFinite(r.valueAtPercentile) ? r.valueAtPercentile : null,
        max: r.max ?? null,
        pass: r.pass,
      })),
    };
  }
}
