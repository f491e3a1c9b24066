/**
 * Masks an account holder's name for a payer who is not the holder: a person keeps the first
 * character (张伟 → 张*), an organisation the first two and last two (陇原实业公司 → 陇原**公司).
 */
export function maskHolderName(name: string, isPerson: boolean): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  if (isPerson || chars.length <= 4) return chars[0] + '*'.repeat(chars.length - 1);
  return chars.slice(0, 2).join('') + '*'.repeat(chars.length - 4) + chars.slice(-2).join('');
}
