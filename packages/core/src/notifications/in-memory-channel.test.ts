import { InMemoryChannel } from './in-memory-channel.ts';
import { notificationChannelContract } from './notification-channel.contract.ts';

notificationChannelContract(
  'in-memory sms channel',
  () =>
    new InMemoryChannel('sms', (m) =>
      m.recipient === '' ? { ok: false, retryable: false, error: 'no recipient' } : null,
    ),
  '13800000000',
);
