import type { Issue } from '../errors/error-codes.ts';
import { HEARTBEAT, type CollectionJobObservation, type MeterFleetFrame } from './observations.ts';

/** What kind of fault an alarm points at; decides who should look at it first. */
export type DiagnosisCategory = 'system' | 'terminal' | 'meter' | 'data' | 'process' | 'customer' | 'finance';

/** A diagnosis in both languages of the staff console. */
export interface Diagnosis {
  category: DiagnosisCategory;
  zh: string;
  en: string;
}

/** Thresholds for telling a terminal or system outage from single-meter faults (all data, defaults below). */
export interface CollectionDiagnosisConfig {
  /** Share of a concentrator's meters silent in the same poll that marks the concentrator as down. */
  terminalSilentShareMin: number;
  /** A concentrator with fewer meters than this is never called down from its meters alone. */
  terminalMetersMin: number;
  /** Share of concentrators down that marks the whole collection system as faulty. */
  systemDownShareMin: number;
  /** The system rule needs at least this many concentrators to judge from. */
  systemConcentratorsMin: number;
}

export const DEFAULT_COLLECTION_DIAGNOSIS: CollectionDiagnosisConfig = {
  terminalSilentShareMin: 1,
  terminalMetersMin: 3,
  systemDownShareMin: 0.9,
  systemConcentratorsMin: 5,
};

/** Every problem in a diagnosis configuration. */
export function diagnosisConfigIssues(c: Partial<CollectionDiagnosisConfig>, path: string): Issue[] {
  const issues: Issue[] = [];
  for (const k of ['terminalSilentShareMin', 'systemDownShareMin'] as const) {
    const v = c[k];
    if (v !== undefined && !(v > 0 && v <= 1))
      issues.push({ path: `${path}/${k}`, message: 'must be above 0 and at most 1' });
  }
  for (const k of ['terminalMetersMin', 'systemConcentratorsMin'] as const) {
    const v = c[k];
    if (v !== undefined && !(Number.isInteger(v) && v >= 1))
      issues.push({ path: `${path}/${k}`, message: 'must be a positive integer' });
  }
  return issues;
}

/** The outcome of one poll's diagnosis. */
export interface CollectionDiagnosis {
  /** Set when the silence is the system's own fault; every terminal and meter silence alarm is then held back. */
  system?: { reason: 'jobFailed' | 'allTerminalsSilent'; diagnosis: Diagnosis };
  /** Per concentrator: meters behind it, meters silent this poll, 1 when judged down. */
  metersPerConcentrator: Int32Array;
  silentPerConcentrator: Int32Array;
  concentratorDown: Uint8Array;
  downCount: number;
}

/**
 * Tells a concentrator outage (all or most of its meters fall silent in one poll) and a system
 * fault (the collection job failed, or nearly every concentrator is down) from faults of single meters.
 */
export function diagnoseCollection(
  frame: MeterFleetFrame,
  job: CollectionJobObservation | undefined,
  config: CollectionDiagnosisConfig = DEFAULT_COLLECTION_DIAGNOSIS,
): CollectionDiagnosis {
  const n = frame.concentratorIds.length;
  const metersPer = new Int32Array(n);
  const silentPer = new Int32Array(n);
  const conc = frame.concentratorIndex;
  const silent = frame.silentPolls;
  for (let i = 0; i < conc.length; i++) {
    const c = conc[i];
    if (c < 0) continue;
    metersPer[c]++;
    if (silent[i] > 0) silentPer[c]++;
  }
  const down = new Uint8Array(n);
  let downCount = 0;
  let populated = 0;
  for (let c = 0; c < n; c++) {
    if (metersPer[c] === 0) continue;
    populated++;
    const heartbeatLost = frame.concentratorHeartbeat?.[c] === HEARTBEAT.missing;
    const enoughMeters = metersPer[c] >= config.terminalMetersMin || heartbeatLost;
    if (enoughMeters && silentPer[c] >= Math.ceil(metersPer[c] * config.terminalSilentShareMin)) {
      down[c] = 1;
      downCount++;
    }
  }
  const result: CollectionDiagnosis = {
    metersPerConcentrator: metersPer,
    silentPerConcentrator: silentPer,
    concentratorDown: down,
    downCount,
  };
  if (job?.status === 'failed') {
    const err = job.error ?? 'unknown error';
    result.system = {
      reason: 'jobFailed',
      diagnosis: {
        category: 'system',
        zh: `采集任务 ${job.jobId} 执行失败（${err}），属于主站系统故障而非现场数据问题；本轮终端和电表的无数据告警已抑制。`,
        en: `Collection job ${job.jobId} failed (${err}): a fault of the master station, not of field data; terminal and meter silence alarms of this poll are held back.`,
      },
    };
  } else if (
    populated >= config.systemConcentratorsMin &&
    downCount >= Math.ceil(populated * config.systemDownShareMin)
  ) {
    result.system = {
      reason: 'allTerminalsSilent',
      diagnosis: {
        category: 'system',
        zh: `${populated} 台集中器中 ${downCount} 台在同一轮次无数据，判断为主站、前置机或通信网络故障，而非各终端故障；终端和电表告警已抑制。`,
        en: `${downCount} of ${populated} concentrators returned no data in the same poll: the master station, front-end processor or network is at fault, not each terminal; terminal and meter alarms are held back.`,
      },
    };
  }
  return result;
}

/** The text for one concentrator judged down. */
export function terminalDiagnosis(frame: MeterFleetFrame, d: CollectionDiagnosis, c: number): Diagnosis {
  const id = frame.concentratorIds[c];
  const share = `${d.silentPerConcentrator[c]}/${d.metersPerConcentrator[c]}`;
  if (frame.concentratorHeartbeat?.[c] === HEARTBEAT.online) {
    return {
      category: 'terminal',
      zh: `集中器 ${id} 在线，但其下 ${share} 块电表同一轮次未回数据：判断为下行信道（载波/RS-485）故障；逐表告警已抑制。`,
      en: `Concentrator ${id} is online but ${share} meters behind it returned no data in the same poll: its downstream channel (PLC/RS-485) has failed; per-meter alarms are held back.`,
    };
  }
  return {
    category: 'terminal',
    zh: `集中器 ${id} 下 ${share} 块电表同一轮次未回数据：判断为终端（集中器）故障、停电或上行通道中断，而非电表故障；逐表告警已抑制。`,
    en: `${share} meters behind concentrator ${id} returned no data in the same poll: the terminal itself, its supply or its uplink has failed, not the meters; per-meter alarms are held back.`,
  };
}
