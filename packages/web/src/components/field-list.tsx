import type { ReactNode } from 'react';

/** Label/value pairs as a definition list that wraps into columns on wide screens. */
export function FieldList(props: { fields: { label: string; value: ReactNode; testId?: string }[] }) {
  return (
    <dl className="fields">
      {props.fields.map((f) => (
        <div key={f.label} className="field" data-testid={f.testId}>
          <dt>{f.label}</dt>
          <dd>{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}
