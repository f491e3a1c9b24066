import { dayRegisterDelta } from '../day-register-delta.ts';
import { veeException, type VeeRule } from '../vee-rule.ts';

/** Fires when the register ran backwards and neither a plausible rollover nor a recorded exchange explains it. */
export const registerBackwardsRule: VeeRule<{ maxRolloverDeltaWh: number }> = {
  id: 'register-backwards',
  description: 'Register decreased without rollover or meter exchange',
  defaults: { maxRolloverDeltaWh: 10_000_000 },
  check(day, params) {
    const reg = day.register;
    if (!reg || reg.kind === 'combined') return [];
    if (dayRegisterDelta(reg, params.maxRolloverDeltaWh) !== null) return [];
    const exchangeNote =
      day.events.some((e) => e.kind === 'meter-exchange') && !reg.exchange
        ? ' (an exchange event has no exchange reads)'
        : '';
    return [
      veeException('register-backwards', day, {
        severity: 'error',
        detail: `register went from ${reg.start.valueWh} to ${reg.end.valueWh} Wh${exchangeNote}`,
      }),
    ];
  },
};
