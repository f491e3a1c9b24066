import { assertNoIssues } from '../../errors/error-codes.ts';
import data from './tolerance-curves.json' with { type: 'json' };

export interface LowerStep {
  /** The step holds for durations up to and including this; null = for ever. */
  upToS: number | null;
  minResidualPct: number;
}
export interface UpperStep {
  upToS: number | null;
  maxPct: number;
}

export interface ToleranceCurve {
  id: string;
  name: { zh: string; en: string };
  note: string;
  lower: LowerStep[];
  upper: UpperStep[];
}

export interface CurvePlacement {
  curveId: string;
  /** True when the equipment the curve stands for should ride through the event. */
  inside: boolean;
  /** The curve's bound at this duration, in % of declared voltage. */
  boundPct: number;
}

const curves = new Map<string, ToleranceCurve>(
  Object.entries(data.curves).map(([id, c]) => [id, { id, ...c } as ToleranceCurve]),
);

/** A shipped curve: `itic` or `semi-f47`. */
export function getToleranceCurve(id: string): ToleranceCurve {
  const c = curves.get(id);
  if (!c)
    assertNoIssues(
      [{ path: '/curveId', message: `unknown "${id}"; known: ${[...curves.keys()].join(', ')}` }],
      'curve',
    );
  return c as ToleranceCurve;
}

const covers = (upToS: number | null, durationS: number): boolean => upToS === null || durationS <= upToS;

/** Places a dip (residual voltage in % of declared, duration) on the curve's lower boundary. */
export function placeDipOnCurve(curve: ToleranceCurve, residualPct: number, durationS: number): CurvePlacement {
  const step = curve.lower.find((s) => covers(s.upToS, durationS)) ?? curve.lower[curve.lower.length - 1];
  return { curveId: curve.id, inside: residualPct >= step.minResidualPct, boundPct: step.minResidualPct };
}

/** Places a swell (peak in % of declared, duration) on the curve's upper boundary. */
export function placeSwellOnCurve(curve: ToleranceCurve, peakPct: number, durationS: number): CurvePlacement {
  const step = curve.upper.find((s) => covers(s.upToS, durationS)) ?? curve.upper[curve.upper.length - 1];
  return { curveId: curve.id, inside: peakPct <= step.maxPct, boundPct: step.maxPct };
}
