import { useTranslation } from 'react-i18next';
import type { ServicePoint } from '../api/api-types.ts';
import { DataText } from './data-text.tsx';

/** Service points (计量点) with their meters; on a phone each meter row stacks into a card. */
export function ServicePoints(props: { servicePoints: ServicePoint[] }) {
  const { t } = useTranslation();
  if (props.servicePoints.length === 0) return <p className="muted">{t('meters.noServicePoints')}</p>;
  const cols = [
    t('meters.assetNo'),
    t('meters.address'),
    t('meters.phases'),
    t('meters.ctRatio'),
    t('meters.ptRatio'),
    t('meters.multiplier'),
    t('meters.installedOn'),
    t('meters.removedOn'),
  ];
  return (
    <div className="service-points" data-testid="service-points">
      {props.servicePoints.map((sp) => (
        <section key={sp.id} className="service-point" data-testid="service-point">
          <h4>
            {t('meters.servicePoint')}: <DataText>{sp.name}</DataText>
          </h4>
          {sp.meters.length === 0 ? (
            <p className="muted">{t('meters.noMeters')}</p>
          ) : (
            <table className="stack-table">
              <thead>
                <tr>
                  {cols.map((c) => (
                    <th key={c}>{c}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {sp.meters.map((m) => (
                  <tr key={m.id} data-testid="meter-row" data-meter-address={m.address}>
                    <td data-label={cols[0]} className="mono">
                      {m.assetNo}
                    </td>
                    <td data-label={cols[1]} className="mono" data-testid="meter-address">
                      {m.address}
                    </td>
                    <td data-label={cols[2]}>{m.phases === 3 ? t('meters.threePhase') : t('meters.singlePhase')}</td>
                    <td data-label={cols[3]}>{m.ctRatio}</td>
                    <td data-label={cols[4]}>{m.ptRatio}</td>
                    <td data-label={cols[5]} data-testid="meter-multiplier">
                      {m.multiplier}
                    </td>
                    <td data-label={cols[6]}>{m.installedOn}</td>
                    <td data-label={cols[7]}>{m.removedOn ?? t('meters.inService')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </div>
  );
}
