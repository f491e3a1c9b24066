import type { InboxMessage } from '@meterflow/store';

/** Most live listeners per user (open tabs); the oldest is dropped beyond it. */
export const MAX_LISTENERS_PER_USER = 8;

export type InboxListener = (m: InboxMessage) => void;

/** In-process fan-out of new inbox messages to each user's open Server-Sent Event streams. */
export class InboxFeed {
  private readonly listeners = new Map<string, InboxListener[]>();

  /** Registers a listener; returns the function that removes it. */
  subscribe(userId: string, listener: InboxListener): () => void {
    const list = this.listeners.get(userId) ?? [];
    list.push(listener);
    if (list.length > MAX_LISTENERS_PER_USER) list.shift();
    this.listeners.set(userId, list);
    return () => {
      const l = (this.listeners.get(userId) ?? []).filter((x) => x !== listener);
      if (l.length) this.listeners.set(userId, l);
      else this.listeners.delete(userId);
    };
  }

  publish(userId: string, m: InboxMessage): void {
    for (const l of this.listeners.get(userId) ?? []) l(m);
  }

  listenerCount(userId: string): number {
    return this.listeners.get(userId)?.length ?? 0;
  }
}
