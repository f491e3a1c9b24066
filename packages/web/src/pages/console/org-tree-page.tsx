import { useTranslation } from 'react-i18next';
import { api } from '../../api/api-client.ts';
import type { OrgNode } from '../../api/api-types.ts';
import { useApi } from '../../api/use-api.ts';
import { DataText } from '../../components/data-text.tsx';
import { ErrorMessage } from '../../components/error-message.tsx';
import { Loading } from '../../components/loading.tsx';

/** The supply organisation (province → city → county branches) the staff member works in. */
export function OrgTreePage() {
  const { t } = useTranslation();
  const tree = useApi(() => api.orgTree(), 'orgs');
  return (
    <section data-testid="org-tree-page">
      <h2>{t('orgs.title')}</h2>
      {tree.loading && <Loading />}
      {tree.error && <ErrorMessage error={tree.error} onRetry={tree.reload} />}
      {tree.data && (
        <ul className="org-tree" data-testid="org-tree">
          <OrgItem node={tree.data} />
        </ul>
      )}
    </section>
  );
}

function OrgItem(props: { node: OrgNode }) {
  const { t } = useTranslation();
  const n = props.node;
  return (
    <li data-testid="org-node" data-org-id={n.id} data-level={n.level}>
      <details open>
        <summary>
          <DataText>{n.name}</DataText> <span className="tag">{t(`orgLevel.${n.level}`)}</span>{' '}
          <span className="muted small">
            {t('orgs.code')} <span className="mono">{n.code}</span>
          </span>{' '}
          · <span className="muted small">{t('orgs.customerCount', { count: n.customerCount })}</span>
        </summary>
        {n.children.length > 0 && (
          <ul>
            {n.children.map((c) => (
              <OrgItem key={c.id} node={c} />
            ))}
          </ul>
        )}
      </details>
    </li>
  );
}
