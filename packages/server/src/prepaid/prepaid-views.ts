import type { PrepaidAccount, StoredCommand } from '@meterflow/store';
import type { PrepaidPosition } from './prepaid-control.service.ts';

/** The portal's view of a prepaid account. */
export function positionView(p: PrepaidPosition) {
  const a = p.account;
  const s = p.settings;
  return {
    accountId: a.accountId,
    availableFen: p.availableFen,
    warningFen: p.warningFen,
    stopFen: a.lines.stopFen,
    restoreFen: a.lines.restoreFen,
    supply: a.control.supply,
    warned: a.control.warned,
    lastSettledDate: a.lastSettledDate,
    lastChargeFen: a.lastChargeFen,
    cycleWh: a.cycleWh,
    tripDeferredUntil: a.tripDeferredUntil,
    forecast: p.forecast && {
      daysLeft: p.forecast.daysLeft,
      runsOutOn: p.forecast.runsOutOn,
      capped: p.forecast.capped,
      dailyCostFen: { ...p.forecast.dailyCostFen },
    },
    settings: { ...s.settings, channels: [...s.settings.channels], locale: s.locale, phone: s.phone, email: s.email },
  };
}

export const accountRow = (a: PrepaidAccount) => ({
  accountId: a.accountId,
  meterAddress: a.meterAddress,
  tariffCode: a.tariffCode,
  availableFen: a.availableFen,
  warningFen: a.lines.warningFen,
  stopFen: a.lines.stopFen,
  supply: a.control.supply,
  lastSettledDate: a.lastSettledDate,
  tripDeferredUntil: a.tripDeferredUntil,
});

export const commandRow = (c: StoredCommand) => ({
  id: c.id,
  accountId: c.accountId,
  meterId: c.meterId,
  meterAddress: c.meterAddress,
  action: c.action,
  status: c.status,
  attempts: c.attempts,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
  history: c.history.map((h) => ({ status: h.status, at: h.at, note: h.note ?? null })),
});
