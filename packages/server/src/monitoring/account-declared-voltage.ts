import {
  DECLARED_VOLTAGES,
  declaredVoltageFor,
  type DeclaredVoltage,
  type DeclaredVoltageTable,
} from '@meterflow/core/monitoring/pq/index';
import { FALLBACK_VOLTAGE_LEVEL } from './monitoring-limits.ts';

/**
 * The declared voltage an account's summaries and meter voltages are judged against, from its
 * voltage level; a level that cannot be read falls back to low-voltage single-phase supply.
 */
export function accountDeclaredVoltage(
  voltageLevel: string,
  table: DeclaredVoltageTable = DECLARED_VOLTAGES,
): DeclaredVoltage {
  return (
    declaredVoltageFor(voltageLevel, table) ?? (declaredVoltageFor(FALLBACK_VOLTAGE_LEVEL, table) as DeclaredVoltage)
  );
}
