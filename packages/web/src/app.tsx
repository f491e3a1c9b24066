import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from './api/api-client.ts';
import { ApiError } from './api/api-error.ts';
import type { Me } from './api/api-types.ts';
import { homeOf, pageFor } from './app-routes.tsx';
import { SessionContext } from './auth/session-context.tsx';
import type { Session } from './auth/session-context.tsx';
import { AppHeader } from './components/app-header.tsx';
import { ErrorMessage } from './components/error-message.tsx';
import { LanguageSwitch } from './components/language-switch.tsx';
import { Loading } from './components/loading.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { navigate, useHashRoute } from './router/use-hash-route.ts';

type AuthState =
  | { kind: 'checking' }
  | { kind: 'signed-out'; expired: boolean }
  | { kind: 'signed-in'; me: Me }
  | { kind: 'failed'; error: ApiError };

/** The whole app: asks the server who is signed in, then shows the login page or the user's pages. */
export function App() {
  const { t } = useTranslation();
  const [auth, setAuth] = useState<AuthState>({ kind: 'checking' });
  const route = useHashRoute();

  const check = useCallback(() => {
    setAuth({ kind: 'checking' });
    api.me().then(
      (me) => setAuth({ kind: 'signed-in', me }),
      (e: unknown) =>
        e instanceof ApiError && e.code === 'UNAUTHENTICATED'
          ? setAuth({ kind: 'signed-out', expired: false })
          : setAuth({ kind: 'failed', error: e instanceof ApiError ? e : new ApiError('UNKNOWN', 0, String(e)) }),
    );
  }, []);
  useEffect(check, [check]);

  const session = useMemo<Session | null>(() => {
    if (auth.kind !== 'signed-in') return null;
    return {
      me: auth.me,
      expire: () => setAuth({ kind: 'signed-out', expired: true }),
      logout: async () => {
        await api.logout().catch(() => undefined); // signed out locally even if the server is gone
        setAuth({ kind: 'signed-out', expired: false });
        navigate('/login');
      },
    };
  }, [auth]);

  useEffect(() => {
    document.title = t('app.name');
  }, [t]);

  const resolved = session ? pageFor(session.me, route) : null;
  useEffect(() => {
    // Login page, empty hash or a route of the other side of the app: go to the user's home page.
    if (session && !resolved) navigate(homeOf(session.me));
  }, [session, resolved]);

  if (auth.kind === 'checking') return <Loading />;
  if (auth.kind === 'failed') {
    return (
      <div className="login-screen">
        <div className="login-top">
          <LanguageSwitch />
        </div>
        <main className="card login-card">
          <h1>{t('app.name')}</h1>
          <ErrorMessage error={auth.error} onRetry={check} />
        </main>
      </div>
    );
  }
  if (auth.kind === 'signed-out' || !session) {
    return (
      <LoginPage
        expired={auth.kind === 'signed-out' && auth.expired}
        onLoggedIn={(me) => setAuth({ kind: 'signed-in', me })}
      />
    );
  }
  return (
    <SessionContext.Provider value={session}>
      <AppHeader active={resolved?.nav ?? ''} />
      <main className="content" data-testid="main">
        {resolved?.page ?? <Loading />}
      </main>
    </SessionContext.Provider>
  );
}
