import type { ReactNode } from 'react';

/** An anchor to a hash route, so links open in new tabs and work with the keyboard. */
export function Link(props: { to: string; children: ReactNode; className?: string; testId?: string }) {
  return (
    <a href={`#${props.to}`} className={props.className} data-testid={props.testId}>
      {props.children}
    </a>
  );
}
