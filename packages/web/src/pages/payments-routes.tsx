import './payments.css';
import type { ReactNode } from 'react';
import { isStaff, type Me } from '../api/api-types.ts';
import type { Route } from '../router/use-hash-route.ts';
import { CounterPage } from './console/payments/counter-page.tsx';
import { PaymentSearchPage } from './console/payments/payment-search-page.tsx';
import { ReconciliationPage } from './console/payments/reconciliation-page.tsx';
import { RefundsPage } from './console/payments/refunds-page.tsx';
import { GroupPaymentsPage } from './portal/payments/group-payments-page.tsx';
import { HistoryPage } from './portal/payments/history-page.tsx';
import { PayByNumberPage } from './portal/payments/pay-by-number-page.tsx';
import { PayPage } from './portal/payments/pay-page.tsx';
import { ReceiptPage } from './portal/payments/receipt-page.tsx';

const CONSOLE_PAGES: Record<string, () => ReactNode> = {
  '': () => <PaymentSearchPage />,
  counter: () => <CounterPage />,
  reconciliation: () => <ReconciliationPage />,
  refunds: () => <RefundsPage />,
};

/**
 * The payments pages: `/console/payments[/counter|/reconciliation|/refunds]` for staff and
 * `/portal/payments/...` for customers (the provider sends payers back to `/portal/payments/receipt/:id`).
 * Null when the route is not a payments route this user may open.
 */
export function paymentsPageFor(me: Me, route: Route): { page: ReactNode; nav: string } | null {
  const [a, b, c, d] = route.segments;
  if (isStaff(me.role)) {
    const make = a === 'console' && b === 'payments' ? CONSOLE_PAGES[c ?? ''] : undefined;
    return make ? { page: make(), nav: '/console/payments' } : null;
  }
  if (a !== 'portal' || b !== 'payments') return null;
  if (c === 'pay' && d) return { page: <PayPage key={d} accountId={d} />, nav: '/accounts' };
  if (c === 'history' && d) return { page: <HistoryPage key={d} accountId={d} />, nav: '/accounts' };
  if (c === 'receipt' && d) return { page: <ReceiptPage key={d} orderId={d} />, nav: '/accounts' };
  if (c === 'by-number') return { page: <PayByNumberPage />, nav: '/portal/payments/by-number' };
  if (c === 'group' && me.role === 'group_admin') return { page: <GroupPaymentsPage />, nav: '/portal/payments/group' };
  return null;
}
