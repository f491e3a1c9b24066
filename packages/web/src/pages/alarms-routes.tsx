import type { ReactNode } from 'react';
import { isStaff, type Me } from '../api/api-types.ts';
import type { Route } from '../router/use-hash-route.ts';
import { AlarmBoardPage } from './console/alarms/alarm-board-page.tsx';
import { AlarmDetailPage } from './console/alarms/alarm-detail-page.tsx';
import { AlarmFiguresPage } from './console/alarms/alarm-figures-page.tsx';
import { CycleTimelinePage } from './console/alarms/cycle-timeline-page.tsx';
import { WorkOrdersPage } from './console/alarms/work-orders-page.tsx';

export const ALARMS_NAV = '/console/alarms';

/**
 * The staff alarm pages: `/console/alarms` (live board), `/console/alarms/a/:id`,
 * `/console/alarms/work-orders`, `/console/alarms/cycles[?book=&cycle=]`, `/console/alarms/figures`.
 * Null when the route is not an alarms route this user may open.
 */
export function alarmsPageFor(me: Me, route: Route): { page: ReactNode; nav: string } | null {
  const [a, b, c, d] = route.segments;
  if (!isStaff(me.role) || a !== 'console' || b !== 'alarms') return null;
  const page = (p: ReactNode) => ({ page: p, nav: ALARMS_NAV });
  if (c === undefined) return page(<AlarmBoardPage />);
  if (c === 'a' && d) return page(<AlarmDetailPage key={d} alarmId={d} />);
  if (c === 'work-orders') return page(<WorkOrdersPage />);
  if (c === 'figures') return page(<AlarmFiguresPage />);
  if (c === 'cycles') {
    const book = route.query.get('book') ?? undefined;
    const cycle = route.query.get('cycle') ?? undefined;
    return page(<CycleTimelinePage key={`${book}|${cycle}`} readingBookId={book} cycle={cycle} />);
  }
  return null;
}
