export * from './payment-provider-server.ts';
export * from './provider-orders.ts';
export * from './callback-sender.ts';
export { SIGNATURE_HEADER } from './provider-signature.ts';
