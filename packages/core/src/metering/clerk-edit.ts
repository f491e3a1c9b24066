import { AppError, type Issue } from '../errors/error-codes.ts';
import { cloneBlock, type IntervalBlock } from './interval-block.ts';
import { QUALITY } from './quality-flag.ts';
import type { BlockRevision } from './block-revision.ts';

/** Shortest reason a clerk must give; "ok" or "x" tells an auditor nothing. */
export const EDIT_REASON_MIN_CHARS = 4;
export const EDIT_REASON_MAX_CHARS = 500;

/** One slot value set by a clerk. */
export interface SlotEdit {
  slot: number;
  value: number;
}

/** The audit trail of one edited slot: before and after, who, when and why. */
export interface EditRecord {
  meterId: string;
  channel: number;
  date: string;
  slot: number;
  version: number;
  oldValue: number;
  oldQuality: number;
  newValue: number;
  clerkId: string;
  reason: string;
  atUtc: string;
}

/** Applies a clerk's edits as a new block version (quality EDITED); the original block is untouched. */
export function applyClerkEdit(
  block: IntervalBlock,
  edits: readonly SlotEdit[],
  meta: { clerkId: string; reason: string; atUtc: string },
): { block: IntervalBlock; records: EditRecord[]; revision: BlockRevision } {
  assertEditValid(block, edits, meta);
  const next = cloneBlock(block, block.version + 1);
  const reason = meta.reason.trim();
  const records = edits.map((e): EditRecord => {
    const rec = {
      meterId: block.meterId,
      channel: block.channel,
      date: block.date,
      slot: e.slot,
      version: next.version,
      oldValue: next.values[e.slot],
      oldQuality: next.quality[e.slot],
      newValue: e.value,
      clerkId: meta.clerkId,
      reason,
      atUtc: meta.atUtc,
    };
    next.values[e.slot] = e.value;
    next.quality[e.slot] = QUALITY.EDITED;
    return rec;
  });
  const revision: BlockRevision = {
    meterId: block.meterId,
    channel: block.channel,
    date: block.date,
    version: next.version,
    basedOnVersion: block.version,
    kind: 'edit',
    reason,
    by: meta.clerkId,
    atUtc: meta.atUtc,
    slots: edits.map((e) => e.slot),
  };
  return { block: next, records, revision };
}

function assertEditValid(
  block: IntervalBlock,
  edits: readonly SlotEdit[],
  meta: { clerkId: string; reason: string; atUtc: string },
): void {
  const issues: Issue[] = [];
  const reason = meta.reason.trim();
  if (reason.length < EDIT_REASON_MIN_CHARS || reason.length > EDIT_REASON_MAX_CHARS) {
    issues.push({
      path: '/reason',
      message: `a reason of ${EDIT_REASON_MIN_CHARS}–${EDIT_REASON_MAX_CHARS} characters is required`,
    });
  }
  if (!meta.clerkId.trim()) issues.push({ path: '/clerkId', message: 'the clerk must be named' });
  if (Number.isNaN(Date.parse(meta.atUtc))) issues.push({ path: '/atUtc', message: 'not a timestamp' });
  if (edits.length === 0) issues.push({ path: '/edits', message: 'nothing to edit' });
  const seen = new Set<number>();
  edits.forEach((e, i) => {
    if (!Number.isInteger(e.slot) || e.slot < 0 || e.slot >= block.values.length) {
      issues.push({ path: `/edits/${i}/slot`, message: `slot must be 0–${block.values.length - 1}` });
    } else if (seen.has(e.slot)) issues.push({ path: `/edits/${i}/slot`, message: 'slot edited twice' });
    seen.add(e.slot);
    if (!Number.isInteger(e.value) || e.value > 0x7fffffff || e.value < -0x80000000) {
      issues.push({ path: `/edits/${i}/value`, message: 'value must be an Int32 integer' });
    }
  });
  if (issues.length) throw new AppError('VALIDATION_FAILED', `edit rejected: ${issues[0].message}`, issues);
}
