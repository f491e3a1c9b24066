import { createHash, randomBytes } from 'node:crypto';
import { AppError, type Clock } from '@meterflow/core';
import type { Store, User } from '@meterflow/store';
import { DUMMY_HASH_PROMISE, verifyPassword } from './password.ts';
import type { Principal } from './principal.ts';

const TOKEN_BYTES = 32;
/** A session is extended on use, but not more often than this, to spare the database. */
const EXTEND_AFTER_MS = 60_000;

const sha256 = (token: string): string => createHash('sha256').update(token).digest('hex');

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
    const session = await this.store.users.findLiveSession(id, now.toISOString());
    if (!session) return undefined;
    const user = await this.store.users.get(session.userId);
    if (!user || user.disabled) return undefined;
    const newExpiry = now.getTime() + this.ttlMinutes * 60_000;
    if (newExpiry - new Date(session.expiresAt).getTime() > EXTEND_AFTER_MS) {
      await this.store.users.extendSession(id, new Date(newExpiry).toISOString());
    }
    return toPrincipal(user);
  }

  async logout(token: string): Promise<void> {
    await this.store.users.deleteSession(sha256(token));
  }
}
