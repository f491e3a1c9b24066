import { hash, randomBytes } from 'node:crypto';
import { AppError, type Clock } from '@meterflow/core';
import type { Store, User } from '@meterflow/store';
import { DUMMY_HASH_PROMISE, verifyPassword } from './password.ts';
import type { Principal } from './principal.ts';

const TOKEN_BYTES = 32;
/** A session is extended on use, but not more often than this, to spare the database. */
const EXTEND_AFTER_MS = 60_000;

/**
 * A resolved session is remembered this long, so a busy client does not cost two queries per
 * request. Logout on this instance forgets it at once; a disabled user or a logout on another
 * instance takes effect within this time.
 */
export const SESSION_CACHE_TTL_MS = 5_000;
/** Most sessions remembered; the oldest entry is dropped beyond this. */
export const SESSION_CACHE_MAX = 10_000;

interface CachedSession {
  principal: Principal;
  /** Clock time (ms) until which the entry may be used: min(cached + TTL, session expiry). */
  until: number;
}

/** One-shot hashing: every request hashes its token, and a Hash object costs twice the digest. */
const sha256 = (token: string): string => hash('sha256', token, 'hex');

export const toPrincipal = (u: User): Principal => ({
  userId: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  customerId: u.customerId,
  orgId: u.orgId,
});

/** Login, logout and session lookup. Sessions expire after an idle time and are stored hashed. */
export class SessionService {
  private readonly cache = new Map<string, CachedSession>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ttlMinutes: number,
  ) {}

  /** Checks the credentials; returns the new session token and the principal. */
  async login(username: string, password: string): Promise<{ token: string; principal: Principal }> {
    const user = await this.store.users.findByUsername(username);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    if (!user || !ok || user.disabled) throw new AppError('INVALID_CREDENTIALS', 'user name or password is wrong');
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    const now = this.clock.now();
    await this.store.users.createSession({
      id: sha256(token),
      userId: user.id,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.ttlMinutes * 60_000).toISOString(),
    });
    return { token, principal: toPrincipal(user) };
  }

  /** The principal of a live session, extending its idle lifetime; undefined when expired or unknown. */
  async resolve(token: string): Promise<Principal | undefined> {
    const id = sha256(token);
    const now = this.clock.now();
    const hit = this.cache.get(id);
    if (hit && hit.until > now.getTime()) return hit.principal;
    if (hit) this.cache.delete(id);
    const session = await this.store.users.findLiveSession(id, now.toISOString());
    if (!session) return undefined;
    const user = await this.store.users.get(session.userId);
    if (!user || user.disabled) return undefined;
    const newExpiry = now.getTime() + this.ttlMinutes * 60_000;
    let expiresAt = new Date(session.expiresAt).getTime();
    if (newExpiry - expiresAt > EXTEND_AFTER_MS) {
      await this.store.users.extendSession(id, new Date(newExpiry).toISOString());
      expiresAt = newExpiry;
    }
    const principal = toPrincipal(user);
    this.remember(id, principal, Math.min(now.getTime() + SESSION_CACHE_TTL_MS, expiresAt));
    return principal;
  }

  private remember(id: string, principal: Principal, until: number): void {
    if (this.cache.size >= SESSION_CACHE_MAX) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(id, { principal, until });
  }

  async logout(token: string): Promise<void> {
    const id = sha256(token);
    this.cache.delete(id);
    await this.store.users.deleteSession(id);
  }
}
