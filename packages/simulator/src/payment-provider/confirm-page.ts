import type { ProviderOrder } from './provider-orders.ts';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page where the customer "pays" at the simulated provider. */
export function confirmPage(o: ProviderOrder): string {
  const yuan = (o.amountFen / 100).toFixed(2);
  const id = encodeURIComponent(o.orderId);
  const body =
    o.status === 'created'
      ? `<form method="post" action="/pay/${id}/confirm"><button id="confirm-pay" type="submit">确认支付 Pay ¥${yuan}</button></form>`
      : `<p id="order-status">${o.status}</p><a href="${escape(o.returnUrl)}">返回商户 Back to merchant</a>`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>模拟支付 Payment simulator</title></head><body style="font-family:sans-serif;max-width:28rem;margin:2rem auto">
<h1>模拟支付 Payment simulator</h1><p>${escape(o.subject)}</p><p>订单 Order ${escape(o.orderId)}</p>
<p style="font-size:2rem">¥${yuan}</p>${body}</body></html>`;
}
