/** How the alarm relay reaches a staff member (by user name) on the channels that need an address. */
import type { Issue } from '@meterflow/core';

export interface StaffContact {
  /** For SMS and voice calls. */
  phone?: string;
  email?: string;
  locale?: 'zh-CN' | 'en';
}
export type StaffContacts = Readonly<Record<string, StaffContact>>;

/** More entries than this is a mistake in the file, not a roster. */
export const STAFF_CONTACTS_MAX = 10_000;
const PHONE = /^\+?[0-9]{5,20}$/;
const EMAIL = /^[^@\s]{1,64}@[^@\s]{1,190}$/;

/** Every problem of a contacts table at once (paths like `/dispatcher/phone`). */
export function staffContactIssues(data: unknown): Issue[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return [{ path: '', message: 'must be an object of user name → contact' }];
  const entries = Object.entries(data as Record<string, unknown>).filter(([k]) => !k.startsWith('$'));
  if (entries.length > STAFF_CONTACTS_MAX) return [{ path: '', message: `at most ${STAFF_CONTACTS_MAX} entries` }];
  const issues: Issue[] = [];
  for (const [name, c] of entries) {
    const path = `/${name}`;
    if (typeof c !== 'object' || c === null) {
      issues.push({ path, message: 'must be an object' });
      continue;
    }
    const { phone, email, locale } = c as Record<string, unknown>;
    if (phone !== undefined && (typeof phone !== 'string' || !PHONE.test(phone)))
      issues.push({ path: `${path}/phone`, message: 'must be digits, optionally with a leading +' });
    if (email !== undefined && (typeof email !== 'string' || !EMAIL.test(email)))
      issues.push({ path: `${path}/email`, message: 'must be an e-mail address' });
    if (locale !== undefined && locale !== 'zh-CN' && locale !== 'en')
      issues.push({ path: `${path}/locale`, message: 'must be zh-CN or en' });
  }
  return issues;
}
