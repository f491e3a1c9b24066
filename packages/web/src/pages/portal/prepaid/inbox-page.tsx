import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { prepaidApi, openInboxStream, type InboxMessage } from '../../../api/prepaid-api.ts';
import { useApi } from '../../../api/use-api.ts';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';

/** The in-app inbox: stored messages plus the ones that arrive while the page is open (Server-Sent Events). */
export function InboxPage() {
  const { t } = useTranslation();
  const [tick, setTick] = useState(0);
  const inbox = useApi(() => prepaidApi.inbox(), `inbox#${tick}`);
  const [live, setLive] = useState<InboxMessage[]>([]);
  useEffect(() => openInboxStream((m) => setLive((l) => [m, ...l.filter((x) => x.id !== m.id)])), []);
  const stored = inbox.data?.items ?? [];
  const all = [...live, ...stored.filter((s) => !live.some((l) => l.id === s.id))];
  const unread = all.filter((m) => !m.readAt).map((m) => m.id);
  const markRead = () =>
    void prepaidApi.markRead(unread).then(() => {
      setLive([]);
      setTick((n) => n + 1);
    });
  return (
    <section data-testid="inbox-page">
      <h2>{t('notifications.inbox.title')}</h2>
      <p className="muted">
        <span data-testid="inbox-unread" data-count={unread.length}>
          {t('notifications.inbox.unread', { count: unread.length })}
        </span>
        {' · '}
        {t('notifications.inbox.live')}
      </p>
      {inbox.loading && <Loading />}
      {inbox.error && <ErrorMessage error={inbox.error} onRetry={inbox.reload} />}
      {unread.length > 0 && (
        <button type="button" className="button secondary small" onClick={markRead}>
          {t('notifications.inbox.markRead')}
        </button>
      )}
      {inbox.data && all.length === 0 && <p className="muted">{t('notifications.inbox.empty')}</p>}
      <ul className="inbox-list">
        {all.map((m) => (
          <li key={m.id} className="card" data-testid="inbox-message" data-read={m.readAt ? 'yes' : 'no'}>
            <h3 className="card-title">
              {m.subject} {!m.readAt && <span className="role-badge">{t('notifications.inbox.new')}</span>}
            </h3>
            <p>{m.body}</p>
            <p className="muted">{m.createdAt.slice(0, 16).replace('T', ' ')} UTC</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
