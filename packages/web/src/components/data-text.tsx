import type { ReactNode } from 'react';

/**
 * Wraps text that is data (names, addresses, branch names), not UI wording. It is never translated,
 * and the marker lets the browser tests skip it when checking that no Chinese UI text is left.
 */
export function DataText(props: { children: ReactNode; testId?: string }) {
  return (
    <span className="data" data-i18n-skip="" data-testid={props.testId}>
      {props.children}
    </span>
  );
}
