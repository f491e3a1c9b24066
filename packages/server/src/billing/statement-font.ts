import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The face embedded in statements (SIL Open Font Licence, from the npm package, never a system font). */
export const STATEMENT_FONT_FILE = 'fonts/NotoSansHans-Regular.otf';
export const STATEMENT_FONT_NAME = 'NotoSansHans-Regular';

let cached: string | undefined;

/**
 * Path of the Noto Sans SC font shipped by `@embedpdf/fonts-sc`. The package exports only its
 * script entry, so the file is found beside it (the entry sits in `dist/`).
 */
export function statementFontPath(): string {
  if (cached) return cached;
  const entry = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc');
  const path = join(dirname(dirname(entry)), STATEMENT_FONT_FILE);
  if (!existsSync(path)) throw new Error(`statement font not found at ${path}`);
  cached = path;
  return path;
}
