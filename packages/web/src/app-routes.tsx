import type { ReactNode } from 'react';
import { isStaff } from './api/api-types.ts';
import type { Me } from './api/api-types.ts';
import { CustomerPage } from './pages/console/customer-page.tsx';
import { OrgTreePage } from './pages/console/org-tree-page.tsx';
import { SearchPage } from './pages/console/search-page.tsx';
import { MeterReadsPage } from './pages/console/metering/meter-reads-page.tsx';
import { ReadingBooksPage } from './pages/console/metering/reading-books-page.tsx';
import { VeeQueuePage } from './pages/console/metering/vee-queue-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { AccountPage } from './pages/portal/account-page.tsx';
import { AccountsPage } from './pages/portal/accounts-page.tsx';
import { GroupPage } from './pages/portal/group-page.tsx';
import type { Route } from './router/use-hash-route.ts';
import { paymentsPageFor } from './pages/payments-routes.tsx';
import { alarmsPageFor } from './pages/alarms-routes.tsx';
import { AuditQueuePage } from './pages/console/billing/audit-queue-page.tsx';
import { BillRunsPage } from './pages/console/billing/bill-runs-page.tsx';
import { BillPage } from './pages/portal/billing/bill-page.tsx';
import { BillPrintPage } from './pages/portal/billing/bill-print-page.tsx';
import { BillsPage } from './pages/portal/billing/bills-page.tsx';
import { PrepaidConsolePage } from './pages/console/prepaid/prepaid-console-page.tsx';
import { AdvicePage } from './pages/portal/prepaid/advice-page.tsx';
import { InboxPage } from './pages/portal/prepaid/inbox-page.tsx';
import { PrepaidPage } from './pages/portal/prepaid/prepaid-page.tsx';
import { PqDashboardPage } from './pages/console/monitoring/pq-dashboard-page.tsx';
import { RiskListPage } from './pages/console/monitoring/risk-list-page.tsx';
import { PqReportPage } from './pages/portal/monitoring/pq-report-page.tsx';

/** Where a user lands after login: staff in the console, customers in the portal. */
export function homeOf(me: Me): string {
  return isStaff(me.role) ? '/console/search' : '/accounts';
}

/** The page for a route and the navigation entry to highlight; null when the route is not allowed. */
export function pageFor(me: Me, route: Route): { page: ReactNode; nav: string } | null {
  const [a, b, c] = route.segments;
  if (a === undefined || a === 'login') return null;
  const payments = paymentsPageFor(me, route);
  if (payments) return payments;
  const alarms = alarmsPageFor(me, route);
  if (alarms) return alarms;
  if (isStaff(me.role)) {
    if (a !== 'console') return null;
    if (b === 'search' || b === undefined) {
      const q = route.query.get('q') ?? '';
      // The key remounts the page so its input box follows the URL on back and forward.
      return { page: <SearchPage key={q} query={q} />, nav: '/console/search' };
    }
    if (b === 'customers' && c) return { page: <CustomerPage customerId={c} />, nav: '/console/search' };
    if (b === 'orgs') return { page: <OrgTreePage />, nav: '/console/orgs' };
    if (b === 'metering' && c === 'books') return { page: <ReadingBooksPage />, nav: '/console/metering/books' };
    if (b === 'metering' && c === 'vee') return { page: <VeeQueuePage />, nav: '/console/metering/vee' };
    if (b === 'metering' && c === 'meters' && route.segments[3]) {
      const id = route.segments[3];
      const date = route.query.get('date') ?? undefined;
      return { page: <MeterReadsPage key={`${id}:${date}`} meterId={id} date={date} />, nav: '/console/metering/vee' };
    }
    if (b === 'prepaid') return { page: <PrepaidConsolePage />, nav: '/console/prepaid' };
    if (b === 'billing' && c === 'runs') return { page: <BillRunsPage />, nav: '/console/billing/runs' };
    if (b === 'billing' && c === 'queue') return { page: <AuditQueuePage />, nav: '/console/billing/queue' };
    if (b === 'monitoring' && c === 'pq') return { page: <PqDashboardPage />, nav: '/console/monitoring/pq' };
    if (b === 'monitoring' && c === 'risk') return { page: <RiskListPage />, nav: '/console/monitoring/risk' };
    return { page: <NotFoundPage home={homeOf(me)} />, nav: '' };
  }
  if (a === 'accounts' && b) return { page: <AccountPage accountId={b} />, nav: '/accounts' };
  if (a === 'accounts') return { page: <AccountsPage />, nav: '/accounts' };
  if (a === 'bills' && b && c === 'print') return { page: <BillPrintPage billId={b} />, nav: '/bills' };
  if (a === 'bills' && b) return { page: <BillPage billId={b} />, nav: '/bills' };
  if (a === 'bills') return { page: <BillsPage />, nav: '/bills' };
  if (a === 'monitoring') return { page: <PqReportPage key={b ?? ''} accountId={b} />, nav: '/monitoring' };
  if (a === 'prepaid' && b && c === 'advice') return { page: <AdvicePage accountId={b} />, nav: '/prepaid' };
  if (a === 'prepaid') return { page: <PrepaidPage key={b ?? ''} accountId={b} />, nav: '/prepaid' };
  if (a === 'inbox') return { page: <InboxPage />, nav: '/inbox' };
  if (a === 'group' && me.role === 'group_admin') return { page: <GroupPage />, nav: '/group' };
  if (a === 'console' || a === 'group') return null;
  return { page: <NotFoundPage home={homeOf(me)} />, nav: '' };
}
