import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage } from '../i18n/i18n.ts';
import type { LanguageCode } from '../i18n/i18n.ts';

/** Buttons to switch the UI language; shown on every page, including the login page. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div className="lang-switch" role="group" aria-label={t('lang.label')} data-testid="lang-switch">
      {LANGUAGES.map((l) => (
        <button
          key={l.code}
          type="button"
          lang={l.code}
          className={i18n.language === l.code ? 'active' : ''}
          aria-pressed={i18n.language === l.code}
          data-testid={`lang-${l.code}`}
          data-i18n-skip=""
          onClick={() => setLanguage(l.code as LanguageCode)}
        >
          {l.label}
        </button>
      ))}
    </div>
  );
}
