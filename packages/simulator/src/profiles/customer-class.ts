/** The four customer classes of the simulated fleet and the data that shapes their load. */
export type CustomerClass = 'residential' | 'commercial' | 'industrial' | 'agricultural';

export const CUSTOMER_CLASSES: readonly CustomerClass[] = ['residential', 'commercial', 'industrial', 'agricultural'];

export interface ClassShape {
  /** Relative load for each local hour 0–23 on working days and on weekends (peak about 1). */
  weekday: readonly number[];
  weekend: readonly number[];
  /** Seasonal swing: load × (1 + amplitude × cos(2π (dayOfYear − peakDay) / 365)). */
  seasonalAmplitude: number;
  seasonalPeakDay: number;
  /** Extra share of the meter's scale per °C below the heating or above the cooling threshold. */
  heatingPerC: number;
  coolingPerC: number;
  heatingBelowC: number;
  coolingAboveC: number;
  /** Standard deviation of the multiplicative per-slot noise. */
  noise: number;
  /** Typical peak demand in kW: the meter scale is drawn around it. */
  typicalKw: number;
  /** Months (1–12) outside which the load drops to its standby share (irrigation seasons). */
  activeMonths?: readonly number[];
  standbyShare?: number;
}

const h = (...v: number[]) => v;

/** Shapes as data, loosely modelled on northern-China load curves (check against real fleet data). */
export const CLASS_SHAPES: Readonly<Record<CustomerClass, ClassShape>> = {
  residential: {
    weekday: h(0.3, 0.25, 0.22, 0.2, 0.2, 0.25, 0.45, 0.7, 0.55, 0.4, 0.38, 0.45, 0.55, 0.45, 0.38, 0.38, 0.45, 0.65, 0.9, 1, 0.95, 0.8, 0.6, 0.4),
    weekend: h(0.35, 0.28, 0.24, 0.22, 0.22, 0.24, 0.35, 0.55, 0.7, 0.7, 0.65, 0.7, 0.75, 0.65, 0.6, 0.6, 0.65, 0.8, 0.95, 1, 0.95, 0.85, 0.65, 0.45),
    seasonalAmplitude: 0.08,
    seasonalPeakDay: 15,
    heatingPerC: 0.015,
    coolingPerC: 0.05,
    heatingBelowC: 12,
    coolingAboveC: 26,
    noise: 0.18,
    typicalKw: 2.5,
  },
  commercial: {
    weekday: h(0.15, 0.15, 0.15, 0.15, 0.15, 0.18, 0.3, 0.6, 0.9, 1, 1, 1, 0.95, 0.95, 1, 1, 0.95, 0.85, 0.6, 0.4, 0.3, 0.2, 0.18, 0.15),
    weekend: h(0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.18, 0.25, 0.35, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.35, 0.3, 0.25, 0.2, 0.18, 0.16, 0.15, 0.15),
    seasonalAmplitude: 0.1,
    seasonalPeakDay: 200,
    heatingPerC: 0.01,
    coolingPerC: 0.05,
    heatingBelowC: 10,
    coolingAboveC: 24,
    noise: 0.08,
    typicalKw: 40,
  },
  industrial: {
    weekday: h(0.75, 0.75, 0.75, 0.75, 0.75, 0.78, 0.85, 0.95, 1, 1, 1, 1, 0.92, 0.98, 1, 1, 1, 0.95, 0.85, 0.8, 0.78, 0.77, 0.76, 0.75),
    weekend: h(0.55, 0.55, 0.55, 0.55, 0.55, 0.55, 0.58, 0.6, 0.62, 0.62, 0.62, 0.62, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.58, 0.57, 0.56, 0.55, 0.55, 0.55),
    seasonalAmplitude: 0.05,
    seasonalPeakDay: 200,
    heatingPerC: 0.002,
    coolingPerC: 0.01,
    heatingBelowC: 5,
    coolingAboveC: 28,
    noise: 0.04,
    typicalKw: 400,
  },
  agricultural: {
    weekday: h(0.2, 0.2, 0.2, 0.2, 0.2, 0.3, 0.6, 0.9, 1, 1, 1, 1, 0.9, 0.9, 1, 1, 1, 0.9, 0.6, 0.4, 0.3, 0.25, 0.2, 0.2),
    weekend: h(0.2, 0.2, 0.2, 0.2, 0.2, 0.3, 0.6, 0.9, 1, 1, 1, 1, 0.9, 0.9, 1, 1, 1, 0.9, 0.6, 0.4, 0.3, 0.25, 0.2, 0.2),
    seasonalAmplitude: 0.2,
    seasonalPeakDay: 190,
    heatingPerC: 0,
    coolingPerC: 0.03,
    heatingBelowC: -50,
    coolingAboveC: 25,
    noise: 0.12,
    typicalKw: 30,
    activeMonths: [4, 5, 6, 7, 8, 9],
    standbyShare: 0.05,
  },
};
