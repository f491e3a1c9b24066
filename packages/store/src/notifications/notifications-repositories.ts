import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { InboxRepository } from './inbox.repository.ts';
import { MessageOutboxRepository } from './message-outbox.repository.ts';
import { NotificationSettingsRepository } from './notification-settings.repository.ts';

/** The notifications context's repositories: outbox with deliveries and receipts, inbox, settings. */
export class NotificationsRepositories {
  readonly outbox: MessageOutboxRepository;
  readonly inbox: InboxRepository;
  readonly settings: NotificationSettingsRepository;

  constructor(db: Kysely<Database>) {
    this.outbox = new MessageOutboxRepository(db);
    this.inbox = new InboxRepository(db);
    this.settings = new NotificationSettingsRepository(db);
  }
}
