/** Bits of the error information word (错误信息字) of an error reply, bit 0 first. */
export const ERROR_WORD_BITS = [
  { bit: 0, code: 'other', zh: '其他错误', en: 'other error' },
  { bit: 1, code: 'no-requested-data', zh: '无请求数据', en: 'no requested data' },
  { bit: 2, code: 'unauthorised', zh: '密码错/未授权', en: 'password wrong or not authorised' },
  { bit: 3, code: 'baud-rate-unchangeable', zh: '通信速率不能更改', en: 'baud rate cannot be changed' },
  { bit: 4, code: 'too-many-year-zones', zh: '年时区数超', en: 'too many seasonal time zones' },
  { bit: 5, code: 'too-many-day-periods', zh: '日时段数超', en: 'too many daily periods' },
  { bit: 6, code: 'too-many-tariffs', zh: '费率数超', en: 'too many tariffs' },
] as const;

export type ErrorWordCode = (typeof ERROR_WORD_BITS)[number]['code'] | 'reserved';

export const ERROR_NO_DATA = 0x02;
export const ERROR_UNAUTHORISED = 0x04;

/** One set bit of an error word with its meaning. */
export interface ErrorWordBit {
  bit: number;
  code: ErrorWordCode;
  zh: string;
  en: string;
}

/** The meaning of each set bit of an error word (bit 7 is reserved and reported as such). */
export function describeErrorWord(word: number): ErrorWordBit[] {
  const out: ErrorWordBit[] = ERROR_WORD_BITS.filter((b) => (word >> b.bit) & 1).map((b) => ({ ...b }));
  if (word & 0x80) out.push({ bit: 7, code: 'reserved', zh: '保留', en: 'reserved bit set' });
  return out;
}

/** The error word as one English phrase, e.g. `no requested data`. */
export function errorWordText(word: number): string {
  const bits = describeErrorWord(word);
  return bits.length === 0 ? 'no error bit set' : bits.map((b) => b.en).join('; ');
}
