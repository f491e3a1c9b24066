import { useTranslation } from 'react-i18next';
import { Link } from '../router/link.tsx';

/** Shown for a hash route the app does not know. */
export function NotFoundPage(props: { home: string }) {
  const { t } = useTranslation();
  return (
    <section data-testid="not-found-page">
      <h2>{t('notFound.title')}</h2>
      <Link to={props.home} className="button">
        {t('notFound.home')}
      </Link>
    </section>
  );
}
