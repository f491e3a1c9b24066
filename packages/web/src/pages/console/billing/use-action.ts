import { useState } from 'react';
import { ApiError } from '../../../api/api-error.ts';

/** A button's action: busy while it runs, its error kept for display, a message on success. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [message, setMessage] = useState('');
  const act = async (work: () => Promise<string>) => {
    setBusy(true);
    setError(undefined);
    setMessage('');
    try {
      setMessage(await work());
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError('UNKNOWN', 0, String(e)));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, message, act };
}
