import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/api-error.ts';

/** Error codes with their own wording; others fall back to a generic message naming the code. */
const KNOWN_CODES = [
  'INVALID_CREDENTIALS',
  'RATE_LIMITED',
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'NETWORK',
  'INTERNAL',
] as const;

/** The translated sentence for an API error code. */
export function useErrorText(): (e: ApiError) => string {
  const { t } = useTranslation();
  return (e) =>
    (KNOWN_CODES as readonly string[]).includes(e.code) ? t(`errors.${e.code}`) : t('errors.UNKNOWN', { code: e.code });
}

/** Shows an API error in the user's language, with per-field details when the server sent them. */
export function ErrorMessage(props: { error: ApiError; onRetry?: () => void }) {
  const { t } = useTranslation();
  const text = useErrorText();
  return (
    <div className="alert" role="alert" data-testid="error" data-code={props.error.code}>
      <p>{text(props.error)}</p>
      {props.error.details.length > 0 && (
        <ul>
          {props.error.details.map((d) => (
            <li key={d.path}>
              <code>{d.path}</code> {/* The server words details in English; shown as given, like data. */}
              <span data-i18n-skip="">{d.message}</span>
            </li>
          ))}
        </ul>
      )}
      {props.onRetry && (
        <button type="button" className="button secondary" onClick={props.onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
