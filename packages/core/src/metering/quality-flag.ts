/**
 * One quality flag per interval value. The numeric code is also the rank: a larger code is a worse
 * quality, so the quality of a value computed from several inputs is simply the largest code.
 * Order (best → worst): actual < estimated < edited < suspect < missing. Edited ranks below
 * estimated because a clerk's value is a human override that audit must be able to see.
 */
export const QUALITY = {
  ACTUAL: 0,
  ESTIMATED: 1,
  EDITED: 2,
  SUSPECT: 3,
  MISSING: 4,
} as const;

export type QualityFlag = (typeof QUALITY)[keyof typeof QUALITY];

export const QUALITY_NAMES: Readonly<Record<QualityFlag, string>> = {
  0: 'actual',
  1: 'estimated',
  2: 'edited',
  3: 'suspect',
  4: 'missing',
};

/** Highest valid quality code; anything above is a corrupt byte. */
export const QUALITY_MAX_CODE = QUALITY.MISSING;

export function isQualityFlag(code: number): code is QualityFlag {
  return Number.isInteger(code) && code >= 0 && code <= QUALITY_MAX_CODE;
}

/** The worst (largest-ranked) of the given qualities; ACTUAL for none. */
export function worstQuality(...flags: readonly QualityFlag[]): QualityFlag {
  let worst: QualityFlag = QUALITY.ACTUAL;
  for (const f of flags) if (f > worst) worst = f;
  return worst;
}

/** True when a value with this flag may be used as evidence (history, interpolation anchors). */
export function isTrusted(flag: number): boolean {
  return flag === QUALITY.ACTUAL || flag === QUALITY.EDITED;
}
