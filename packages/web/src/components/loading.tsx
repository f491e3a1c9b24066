import { useTranslation } from 'react-i18next';

/** A quiet placeholder while data loads. */
export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="muted" role="status" data-testid="loading">
      {t('common.loading')}
    </p>
  );
}
