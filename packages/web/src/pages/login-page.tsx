import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error.ts';
import { api } from '../api/api-client.ts';
import type { Me } from '../api/api-types.ts';
import { ErrorMessage } from '../components/error-message.tsx';
import { LanguageSwitch } from '../components/language-switch.tsx';

/** User name and password form; on success hands the signed-in user to the app. */
export function LoginPage(props: { onLoggedIn: (me: Me) => void; expired?: boolean }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [missing, setMissing] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setMissing(username.trim() === '' || password === '');
    if (username.trim() === '' || password === '') return;
    setBusy(true);
    try {
      props.onLoggedIn(await api.login(username.trim(), password));
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError('UNKNOWN', 0, String(err)));
      setBusy(false);
    }
  }

  return (
    <div className="login-screen">
      <div className="login-top">
        <LanguageSwitch />
      </div>
      <main className="login-card card" data-testid="login-page">
        <h1>
          <span className="brand-mark" aria-hidden="true">
            ⚡
          </span>{' '}
          {t('app.name')}
        </h1>
        <p className="muted">{t('login.subtitle')}</p>
        {props.expired && !error && <p className="notice">{t('login.expired')}</p>}
        <form onSubmit={(e) => void submit(e)} noValidate>
          <label>
            {t('login.username')}
            <input
              name="username"
              autoComplete="username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              data-testid="login-username"
            />
          </label>
          <label>
            {t('login.password')}
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              data-testid="login-password"
            />
          </label>
          {missing && (
            <p className="alert" role="alert" data-testid="login-missing">
              {t('login.required')}
            </p>
          )}
          {error && <ErrorMessage error={error} />}
          <button type="submit" className="button" disabled={busy} data-testid="login-submit">
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
      </main>
    </div>
  );
}
