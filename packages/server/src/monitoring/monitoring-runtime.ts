import type { FastifyBaseLogger } from 'fastify';
import type { Services } from '../services.ts';
import { PqMqttAdapter } from './pq-mqtt.adapter.ts';

/** What the composition root starts for monitoring beside the routes: the PQ summary subscriber. */
export interface MonitoringRuntime {
  pq: PqMqttAdapter | null;
  stop(): Promise<void>;
}

/**
 * Subscribes to PQ summaries on the broker metering uses (external by MQTT_URL or the embedded one),
 * under the same topic prefix; without a broker, summaries arrive over HTTP only.
 */
export async function startMonitoring(
  services: Services,
  mqttUrl: string | null,
  log: FastifyBaseLogger,
): Promise<MonitoringRuntime> {
  let pq: PqMqttAdapter | null = null;
  if (mqttUrl) {
    const cfg = services.config.metering;
    pq = new PqMqttAdapter(services.monitoring.summaries, services.store, services.clock, {
      url: mqttUrl,
      clientId: `${cfg.mqttClientId}-pq`,
      prefix: cfg.mqttTopicPrefix,
      log,
    });
    try {
      await pq.start();
    } catch (e) {
      log.warn({ err: e, url: mqttUrl }, 'PQ summaries could not subscribe; continuing without them');
      pq = null;
    }
  }
  return {
    pq,
    async stop() {
      await pq?.stop();
    },
  };
}
