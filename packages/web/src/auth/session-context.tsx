import { createContext, useContext } from 'react';
import type { Me } from '../api/api-types.ts';

export interface Session {
  me: Me;
  /** Called when the server says the session is gone (401); shows the login page. */
  expire: () => void;
  logout: () => Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

/** The signed-in user; only valid below the App's session provider. */
export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionContext');
  return s;
}
