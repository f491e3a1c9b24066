/** One piece of energy-saving advice: plain words in both languages and the numbers behind them. */
export interface EnergyAdvice {
  kind: 'peer_comparison' | 'tou_shift' | 'standby_load';
  numbers: Readonly<Record<string, number | string>>;
  text: { 'zh-CN': string; en: string };
}

/** Wh → kWh text with one decimal, rounded half-up (advice reads better without three decimals). */
export function kwhText(wh: number): string {
  const tenths = Math.floor((wh + 50) / 100);
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}
