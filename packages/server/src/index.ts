export * from './app.ts';
export * from './config.ts';
export * from './services.ts';
export { hashPassword, verifyPassword } from './auth/password.ts';
export type { Principal } from './auth/principal.ts';
export { ERROR_STATUS } from './http/error-status.ts';
export * from './demo/seed-demo-city.ts';
export * from './demo/demo-city-plan.ts';
export * from './start-server.ts';
