import type { AlarmConfig, CompiledAlarmRule } from './alarm-config.ts';
import type { AlarmDecision, AlarmRecord } from './alarm-record.ts';
import { causeKeyOf, type ConditionReport, type ConditionSink } from './alarm-rule.ts';
import { diagnoseCollection, type CollectionDiagnosis } from './diagnosis.ts';
import type { AlarmObservations } from './observations.ts';
import { severityRank } from './severity.ts';

const MS_PER_MINUTE = 60_000;

/** One condition found in a sweep, tagged with the rule that found it. */
interface Finding {
  rule: CompiledAlarmRule;
  report: ConditionReport;
}

/** The outcome of one sweep: decisions to store, plus figures for logs and the live board. */
export interface AlarmSweepResult {
  decisions: AlarmDecision[];
  collection?: CollectionDiagnosis;
  rulesEvaluated: string[];
  conditions: number;
  suppressed: number;
}

/**
 * Runs every rule over the observations and reconciles what it finds with the alarms already known.
 * `alarms` must hold every open alarm, plus alarms resolved within the flapping window, of the
 * subjects the observations cover (a shard's alarms for a shard's meters). Pure: no clock, no I/O.
 */
export function sweepAlarms(
  config: AlarmConfig,
  observations: AlarmObservations,
  alarms: readonly AlarmRecord[],
): AlarmSweepResult {
  const collection = observations.meters
    ? diagnoseCollection(observations.meters, observations.collectionJob, config.diagnosis)
    : undefined;
  const found = new Map<string, Finding>();
  const held = new Set<string>();
  const evaluated: string[] = [];
  for (const rule of config.rules) {
    if (!rule.kind.covers(observations)) continue;
    evaluated.push(rule.data.id);
    const id = rule.data.id;
    const sink: ConditionSink = {
      report(report) {
        const key = causeKeyOf(id, report.subjectKind, report.subjectId);
        const prev = found.get(key);
        if (!prev || severityRank(report.severity) > severityRank(prev.report.severity))
          found.set(key, { rule, report });
      },
      suppress(subjectKind, subjectId) {
        held.add(causeKeyOf(id, subjectKind, subjectId));
      },
    };
    rule.kind.evaluate(rule.data.params as never, { observations, collection }, sink);
  }
  const decisions = reconcile(config, observations.at, found, held, new Set(evaluated), alarms);
  return { decisions, collection, rulesEvaluated: evaluated, conditions: found.size, suppressed: held.size };
}

function reconcile(
  config: AlarmConfig,
  at: Date,
  found: ReadonlyMap<string, Finding>,
  held: ReadonlySet<string>,
  evaluated: ReadonlySet<string>,
  alarms: readonly AlarmRecord[],
): AlarmDecision[] {
  const decisions: AlarmDecision[] = [];
  const known = new Map<string, AlarmRecord>();
  for (const a of alarms) {
    const other = known.get(a.causeKey);
    // Prefer the open record, else the most recently resolved one.
    if (
      !other ||
      (other.status !== 'open' &&
        (a.status === 'open' || (a.resolvedAt?.getTime() ?? 0) > (other.resolvedAt?.getTime() ?? 0)))
    ) {
      known.set(a.causeKey, a);
    }
  }
  for (const [key, f] of found) {
    const d = onPresent(config, at, key, f, known.get(key));
    if (d) decisions.push(d);
  }
  const liveRules = new Set(config.rules.map((r) => r.data.id));
  for (const a of known.values()) {
    if (a.status !== 'open' || found.has(a.causeKey) || held.has(a.causeKey)) continue;
    if (!liveRules.has(a.ruleId)) {
      decisions.push({
        action: 'resolve',
        alarm: { ...a, status: 'resolved', resolvedAt: at, resolution: 'ruleRemoved' },
        notify: false,
      });
    } else if (evaluated.has(a.ruleId)) {
      const d = onClear(config, at, a);
      if (d) decisions.push(d);
    }
  }
  return decisions;
}

function onPresent(config: AlarmConfig, at: Date, key: string, f: Finding, a: AlarmRecord | undefined): AlarmDecision {
  const r = f.report;
  const fresh = {
    severity: r.severity,
    value: r.value,
    diagnosis: r.diagnosis,
    branchId: r.branchId,
    labels: r.labels ?? {},
  };
  if (a?.status === 'open') {
    const worse = severityRank(r.severity) > severityRank(a.severity);
    return {
      action: 'update',
      alarm: { ...a, ...fresh, lastSeenAt: at, count: a.count + 1, clearSince: undefined },
      notify: worse && !a.flapping,
    };
  }
  const windowMs = config.flapping.windowMinutes * MS_PER_MINUTE;
  if (a && a.resolvedAt && at.getTime() - a.resolvedAt.getTime() <= windowMs && a.resolution === 'cleared') {
    const reopenedAt = [...a.reopenedAt.filter((t) => at.getTime() - t.getTime() <= windowMs), at];
    const flapping = reopenedAt.length > config.flapping.reopensMax;
    const alarm: AlarmRecord = {
      ...a,
      ...fresh,
      status: 'open',
      openedAt: at,
      lastSeenAt: at,
      count: a.count + 1,
      reopenedAt,
      flapping,
      clearSince: undefined,
      resolvedAt: undefined,
      resolution: undefined,
    };
    return { action: 'reopen', alarm, notify: !flapping };
  }
  const alarm: AlarmRecord = {
    id: `${key}@${at.toISOString()}`,
    causeKey: key,
    ruleId: f.rule.data.id,
    kind: f.rule.data.kind,
    subjectKind: r.subjectKind,
    subjectId: r.subjectId,
    ...fresh,
    status: 'open',
    firstRaisedAt: at,
    openedAt: at,
    lastSeenAt: at,
    count: 1,
    reopenedAt: [],
    flapping: false,
  };
  return { action: 'raise', alarm, notify: true };
}

function onClear(config: AlarmConfig, at: Date, a: AlarmRecord): AlarmDecision | undefined {
  if (a.flapping) {
    const since = a.clearSince ?? at;
    if (at.getTime() - since.getTime() < config.flapping.quietMinutes * MS_PER_MINUTE) {
      // Report the hold once, when the quiet period starts; later sweeps have nothing new to store.
      return a.clearSince ? undefined : { action: 'hold', alarm: { ...a, clearSince: at }, notify: false };
    }
  }
  return {
    action: 'resolve',
    alarm: { ...a, status: 'resolved', resolvedAt: at, resolution: 'cleared', clearSince: undefined },
    notify: false,
  };
}
