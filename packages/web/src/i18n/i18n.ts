/// <reference types="vite/client" />
// i18next set up once for the app: Chinese first, English second; the choice is remembered in
// localStorage so a reload (or the next visit) keeps the user's language.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import zhCN from './zh-CN.json';

type Resources = { [key: string]: string | Resources };

// Each feature keeps its words in features/<feature>.<lang>.json, mounted under the key
// <feature>, so features can be added side by side without editing one shared file.
const FEATURE_FILES = import.meta.glob('./features/*.json', { eager: true, import: 'default' }) as Record<
  string,
  Resources
>;

/** The shell's resources for `lang` with every feature's file mounted under its name. */
export function resourcesFor(lang: LanguageCode): Resources {
  const out: Resources = { ...((lang === 'en' ? en : zhCN) as Resources) };
  for (const [path, tree] of Object.entries(FEATURE_FILES)) {
    const m = /features\/([a-z0-9-]+)\.(zh-CN|en)\.json$/.exec(path);
    if (m && m[2] === lang) out[m[1]] = tree;
  }
  return out;
}

export const LANGUAGES = [
  // Each language is named in itself, as language pickers conventionally do.
  { code: 'zh-CN', label: '中文' },
  { code: 'en', label: 'English' },
] as const;
export type LanguageCode = (typeof LANGUAGES)[number]['code'];

export const DEFAULT_LANGUAGE: LanguageCode = 'zh-CN';
const STORAGE_KEY = 'meterflow.language';

function storedLanguage(): LanguageCode {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return LANGUAGES.some((l) => l.code === v) ? (v as LanguageCode) : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

/** Starts i18next with the stored (or default) language. */
export function initI18n(): typeof i18next {
  const lng = storedLanguage();
  void i18next.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: resourcesFor('zh-CN') }, en: { translation: resourcesFor('en') } },
    lng,
    fallbackLng: DEFAULT_LANGUAGE,
    interpolation: { escapeValue: false }, // React escapes already
    returnNull: false,
  });
  document.documentElement.lang = lng;
  return i18next;
}

/** Switches the UI language and remembers it. */
export function setLanguage(code: LanguageCode): void {
  void i18next.changeLanguage(code);
  document.documentElement.lang = code;
  try {
    window.localStorage.setItem(STORAGE_KEY, code);
  } catch {
    // Private mode may refuse storage; the switch still works for this page.
  }
}
