import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/api-error.ts';
import { prepaidApi, type Channel, type PrepaidPosition, type PrepaidSettings } from '../../../api/prepaid-api.ts';
import { ErrorMessage } from '../../../components/error-message.tsx';

const CHANNELS: Channel[] = ['in_app', 'sms', 'voice', 'email'];
const toFen = (yuanText: string) => Math.round(Number(yuanText) * 100);
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/** The customer's reminder and smart-payment agreement: warning line, frequency, channels, quiet hours, auto top-up. */
export function PrepaidSettingsForm(props: {
  accountId: string;
  initial: PrepaidSettings;
  onSaved: (p: PrepaidPosition) => void;
}) {
  const { t } = useTranslation();
  const i = props.initial;
  const [kind, setKind] = useState(i.warningLine.kind);
  const [amount, setAmount] = useState(i.warningLine.kind === 'amount' ? String(i.warningLine.fen / 100) : '20');
  const [days, setDays] = useState(i.warningLine.kind === 'days' ? String(i.warningLine.days) : '5');
  const [frequency, setFrequency] = useState(i.reminderFrequency);
  const [channels, setChannels] = useState<Channel[]>([...i.channels]);
  const [quiet, setQuiet] = useState(i.quietHours !== null);
  const [quietFrom, setQuietFrom] = useState(hhmm(i.quietHours?.startMinute ?? 22 * 60));
  const [quietTo, setQuietTo] = useState(hhmm(i.quietHours?.endMinute ?? 7 * 60));
  const [auto, setAuto] = useState(i.autoPayment !== null);
  const [autoTrigger, setAutoTrigger] = useState(String((i.autoPayment?.triggerFen ?? 1000) / 100));
  const [autoTopUp, setAutoTopUp] = useState(String((i.autoPayment?.topUpFen ?? 5000) / 100));
  const [autoCap, setAutoCap] = useState(String((i.autoPayment?.maxPerMonthFen ?? 20000) / 100));
  const [phone, setPhone] = useState(i.phone);
  const [email, setEmail] = useState(i.email);
  const [locale, setLocale] = useState(i.locale);
  const [state, setState] = useState<{ saving: boolean; saved: boolean; error?: ApiError }>({
    saving: false,
    saved: false,
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: PrepaidSettings = {
      warningLine: kind === 'amount' ? { kind, fen: toFen(amount) } : { kind, days: Number(days) },
      reminderFrequency: frequency,
      channels,
      quietHours: quiet ? { startMinute: minutes(quietFrom), endMinute: minutes(quietTo) } : null,
      autoPayment: auto
        ? { triggerFen: toFen(autoTrigger), topUpFen: toFen(autoTopUp), maxPerMonthFen: toFen(autoCap) }
        : null,
      locale,
      phone,
      email,
    };
    setState({ saving: true, saved: false });
    prepaidApi.saveSettings(props.accountId, body).then(
      (p) => {
        setState({ saving: false, saved: true });
        props.onSaved(p);
      },
      (err: unknown) =>
        setState({
          saving: false,
          saved: false,
          error: err instanceof ApiError ? err : new ApiError('UNKNOWN', 0, String(err)),
        }),
    );
  };
  const toggle = (c: Channel) => setChannels((l) => (l.includes(c) ? l.filter((x) => x !== c) : [...l, c]));
  return (
    <form className="card settings-form" data-testid="prepaid-settings" onSubmit={submit}>
      <h3 className="card-title">{t('prepaid.settings.title')}</h3>
      <fieldset>
        <legend>{t('prepaid.settings.warningKind')}</legend>
        <label>
          <input type="radio" name="kind" checked={kind === 'amount'} onChange={() => setKind('amount')} />{' '}
          {t('prepaid.settings.byAmount')}
        </label>
        <label>
          <input type="radio" name="kind" checked={kind === 'days'} onChange={() => setKind('days')} />{' '}
          {t('prepaid.settings.byDays')}
        </label>
        {kind === 'amount' ? (
          <label>
            {t('prepaid.settings.warningYuan')}{' '}
            <input
              data-testid="warning-yuan"
              type="number"
              min="0"
              step="0.01"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
            />
          </label>
        ) : (
          <label>
            {t('prepaid.settings.warningDays')}{' '}
            <input type="number" min="1" max="60" value={days} onChange={(e) => setDays(e.target.value)} />
          </label>
        )}
      </fieldset>
      <label>
        {t('prepaid.settings.frequency')}{' '}
        <select
          value={frequency}
          onChange={(e) => setFrequency(e.target.value as PrepaidSettings['reminderFrequency'])}
        >
          {(['on_threshold', 'daily', 'weekly'] as const).map((f) => (
            <option key={f} value={f}>
              {t(`prepaid.settings.${f}`)}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>{t('prepaid.settings.channels')}</legend>
        {CHANNELS.map((c) => (
          <label key={c}>
            <input
              type="checkbox"
              data-testid={`channel-${c}`}
              checked={channels.includes(c)}
              onChange={() => toggle(c)}
            />{' '}
            {t(`prepaid.settings.${c}`)}
          </label>
        ))}
      </fieldset>
      <label>
        {t('prepaid.settings.phone')}{' '}
        <input data-testid="phone" value={phone} onChange={(e) => setPhone(e.target.value)} />
      </label>
      <label>
        {t('prepaid.settings.email_address')}{' '}
        <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <fieldset>
        <legend>
          <label>
            <input type="checkbox" checked={quiet} onChange={() => setQuiet(!quiet)} /> {t('prepaid.settings.quiet')}
          </label>
        </legend>
        {quiet && (
          <>
            <label>
              {t('prepaid.settings.quietFrom')}{' '}
              <input type="time" value={quietFrom} onChange={(e) => setQuietFrom(e.target.value)} />
            </label>
            <label>
              {t('prepaid.settings.quietTo')}{' '}
              <input type="time" value={quietTo} onChange={(e) => setQuietTo(e.target.value)} />
            </label>
          </>
        )}
      </fieldset>
      <fieldset>
        <legend>
          <label>
            <input type="checkbox" checked={auto} onChange={() => setAuto(!auto)} /> {t('prepaid.settings.auto')}
          </label>
        </legend>
        {auto && (
          <>
            <label>
              {t('prepaid.settings.autoTrigger')}{' '}
              <input
                type="number"
                min="0"
                step="0.01"
                value={autoTrigger}
                onChange={(e) => setAutoTrigger(e.target.value)}
              />
            </label>
            <label>
              {t('prepaid.settings.autoTopUp')}{' '}
              <input
                type="number"
                min="0.01"
                step="0.01"
                value={autoTopUp}
                onChange={(e) => setAutoTopUp(e.target.value)}
              />
            </label>
            <label>
              {t('prepaid.settings.autoCap')}{' '}
              <input
                type="number"
                min="0.01"
                step="0.01"
                value={autoCap}
                onChange={(e) => setAutoCap(e.target.value)}
              />
            </label>
          </>
        )}
      </fieldset>
      <label>
        {t('prepaid.settings.language')}{' '}
        <select value={locale} onChange={(e) => setLocale(e.target.value as PrepaidSettings['locale'])}>
          <option value="zh-CN">中文</option>
          <option value="en">English</option>
        </select>
      </label>
      {state.error && <ErrorMessage error={state.error} />}
      <button type="submit" className="button" data-testid="save-settings" disabled={state.saving}>
        {t('prepaid.settings.save')}
      </button>
      {state.saved && (
        <p className="muted" data-testid="settings-saved">
          {t('prepaid.settings.saved')}
        </p>
      )}
    </form>
  );
}
