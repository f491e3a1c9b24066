import { useTranslation } from 'react-i18next';
import { prepaidApi } from '../../../api/prepaid-api.ts';
import { useApi } from '../../../api/use-api.ts';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';
import { Link } from '../../../router/link.tsx';

/** Kinds of advice with a heading and a data-source note in the words files. */
const KINDS = ['peer_comparison', 'tou_shift', 'standby_load'];

/** Energy-saving advice in the user's language: what it is about, the advice, and the data behind it. */
export function AdvicePage(props: { accountId: string }) {
  const { t, i18n } = useTranslation();
  const advice = useApi(() => prepaidApi.advice(props.accountId), props.accountId);
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  return (
    <section data-testid="advice-page">
      <h2>{t('prepaid.advice.title')}</h2>
      <Link to={`/prepaid/${encodeURIComponent(props.accountId)}`}>{t('prepaid.advice.back')}</Link>
      {advice.loading && <Loading />}
      {advice.error && <ErrorMessage error={advice.error} onRetry={advice.reload} />}
      {advice.data && advice.data.length === 0 && <p className="muted">{t('prepaid.advice.none')}</p>}
      {advice.data?.map((a) => (
        <article key={a.kind} className="card" data-testid="advice-item" data-kind={a.kind}>
          {KINDS.includes(a.kind) && <h3>{t(`prepaid.advice.kind.${a.kind}`)}</h3>}
          <p>{a.text[lang]}</p>
          {KINDS.includes(a.kind) && <p className="muted">{t(`prepaid.advice.source.${a.kind}`)}</p>}
        </article>
      ))}
    </section>
  );
}
