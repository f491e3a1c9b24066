/**
 * The live board's in-process feed: the sweep and staff actions publish alarm changes, each SSE
 * connection subscribes. One process only — with several server instances each board sees the
 * changes made by the instance it is connected to, and reloads the list on (re)connect.
 */
import type { StoredAlarm } from '@meterflow/store';

/** Subscribers per process; a board beyond this is refused rather than slowing every sweep. */
export const FEED_SUBSCRIBERS_MAX = 1000;

export interface AlarmChange {
  action: 'raise' | 'update' | 'reopen' | 'hold' | 'resolve' | 'acknowledge' | 'manualResolve';
  alarm: StoredAlarm;
}

/** One publication: the changes of one sweep or one staff action, stamped when they were stored. */
export interface AlarmBatch {
  storedAtMs: number;
  changes: AlarmChange[];
}

export type FeedListener = (batch: AlarmBatch) => void;

export class AlarmFeed {
  private readonly listeners = new Set<FeedListener>();

  /** Adds a listener; returns the function that removes it, or undefined when the feed is full. */
  subscribe(listener: FeedListener): (() => void) | undefined {
    if (this.listeners.size >= FEED_SUBSCRIBERS_MAX) return undefined;
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(batch: AlarmBatch): void {
    if (batch.changes.length === 0) return;
    for (const l of this.listeners) {
      try {
        l(batch);
      } catch {
        // A broken connection must not stop the others; its own close handler unsubscribes it.
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
