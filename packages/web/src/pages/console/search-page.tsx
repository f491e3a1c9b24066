import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/api-client.ts';
import type { CustomerHit } from '../../api/api-types.ts';
import { useApi } from '../../api/use-api.ts';
import { DataText } from '../../components/data-text.tsx';
import { ErrorMessage } from '../../components/error-message.tsx';
import { Loading } from '../../components/loading.tsx';
import { Link } from '../../router/link.tsx';
import { navigate } from '../../router/use-hash-route.ts';

/** Longest query the box accepts; longer text cannot match a name, account number or address. */
const QUERY_MAX_CHARS = 64;

/** One search box for name, account number or meter address; the query lives in the URL. */
export function SearchPage(props: { query: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState(props.query);
  const q = props.query.trim();

  function submit(e: FormEvent) {
    e.preventDefault();
    const next = text.trim();
    navigate(next ? `/console/search?q=${encodeURIComponent(next)}` : '/console/search');
  }

  return (
    <section data-testid="search-page">
      <h2>{t('search.title')}</h2>
      <form className="search-form" onSubmit={submit} role="search">
        <input
          type="search"
          value={text}
          maxLength={QUERY_MAX_CHARS}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('search.placeholder')}
          aria-label={t('search.placeholder')}
          data-testid="search-input"
        />
        <button type="submit" className="button" data-testid="search-submit">
          {t('search.submit')}
        </button>
      </form>
      {q ? <SearchResults query={q} /> : <p className="muted">{t('search.hint')}</p>}
    </section>
  );
}

function SearchResults(props: { query: string }) {
  const { t } = useTranslation();
  const hits = useApi(() => api.searchCustomers(props.query), `search:${props.query}`);
  if (hits.loading) return <Loading />;
  if (hits.error) return <ErrorMessage error={hits.error} onRetry={hits.reload} />;
  const items = hits.data ?? [];
  if (items.length === 0) {
    return (
      <p className="muted" data-testid="search-empty">
        {t('search.noResults')}
      </p>
    );
  }
  return (
    <ul className="cards" data-testid="search-results">
      {items.map((h) => (
        <SearchHit key={h.id} hit={h} />
      ))}
    </ul>
  );
}

function SearchHit(props: { hit: CustomerHit }) {
  const { t } = useTranslation();
  const h = props.hit;
  return (
    <li className="card" data-testid="search-hit" data-customer-id={h.id} data-matched-by={h.matchedBy}>
      <div className="card-title">
        <Link to={`/console/customers/${encodeURIComponent(h.id)}`} testId="search-hit-link">
          <DataText>{h.name}</DataText>
        </Link>
        <span className="tag">{t(`customerType.${h.type}`)}</span>
      </div>
      <p className="small">
        {t('account.org')}: <DataText>{h.orgName}</DataText>
      </p>
      <p className="small">
        {t('search.accountNos')}: <span className="mono">{h.accountNos.join(', ') || t('common.none')}</span>
      </p>
      <p className="small muted">
        {t('search.matchedBy')}: {t(`matchedBy.${h.matchedBy}`)}
      </p>
    </li>
  );
}
