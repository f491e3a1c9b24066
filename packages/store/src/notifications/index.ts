export * from './notifications-schema.ts';
export * from './message-outbox.repository.ts';
export * from './inbox.repository.ts';
export * from './notification-settings.repository.ts';
export * from './notifications-repositories.ts';
