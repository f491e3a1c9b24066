import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { alarmsApi, RESOLUTION_NOTE_MIN } from '../../../api/alarms-api.ts';
import { useApi } from '../../../api/use-api.ts';

/** Root-cause category and notes for resolving an alarm or a work order. */
export function ResolveForm(props: { busy: boolean; onResolve: (rootCause: string, note: string) => void }) {
  const { t } = useTranslation();
  const config = useApi(() => alarmsApi.config(), 'alarm-config');
  const [rootCause, setRootCause] = useState('');
  const [note, setNote] = useState('');
  const ok = rootCause !== '' && note.trim().length >= RESOLUTION_NOTE_MIN;
  return (
    <form
      className="alarm-form"
      data-testid="resolve-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (ok) props.onResolve(rootCause, note.trim());
      }}
    >
      <label>
        {t('alarms.resolve.rootCause')}
        <select value={rootCause} onChange={(e) => setRootCause(e.target.value)} data-testid="resolve-root-cause">
          <option value="">{t('alarms.resolve.choose')}</option>
          {(config.data?.rootCauses ?? []).map((c) => (
            <option key={c} value={c}>
              {t(`alarms.rootCause.${c}`, { defaultValue: c })}
            </option>
          ))}
        </select>
      </label>
      <label className="grow">
        {t('alarms.resolve.note')}
        <textarea
          value={note}
          rows={2}
          onChange={(e) => setNote(e.target.value)}
          data-testid="resolve-note"
          placeholder={t('alarms.resolve.notePlaceholder', { min: RESOLUTION_NOTE_MIN })}
        />
      </label>
      <button type="submit" className="button" disabled={!ok || props.busy} data-testid="resolve-submit">
        {t('alarms.resolve.submit')}
      </button>
    </form>
  );
}
