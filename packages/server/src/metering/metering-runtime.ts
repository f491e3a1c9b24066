import type { FastifyBaseLogger } from 'fastify';
import type { Services } from '../services.ts';
import { startEmbeddedBroker, type EmbeddedBroker } from './mqtt/embedded-broker.ts';
import { MqttIngestAdapter } from './mqtt/mqtt-ingest.adapter.ts';
import { startReadingPlan } from './polling/reading-plan-job.ts';

/** What the composition root starts for metering: the broker, MQTT ingestion and the VEE timer. */
export interface MeteringRuntime {
  broker: EmbeddedBroker | null;
  mqtt: MqttIngestAdapter | null;
  /** The broker URL meters and the simulator publish to, if any. */
  mqttUrl: string | null;
  stop(): Promise<void>;
}

/** Starts MQTT ingestion (external broker by MQTT_URL, else the embedded one) and periodic VEE. */
export async function startMetering(
  services: Services,
  host: string,
  log: FastifyBaseLogger,
): Promise<MeteringRuntime> {
  const cfg = services.config.metering;
  let broker: EmbeddedBroker | null = null;
  let url: string | null = cfg.mqttUrl || null;
  if (!url && cfg.mqttBrokerPort !== null) {
    broker = await startEmbeddedBroker(host, cfg.mqttBrokerPort, (m) => log.warn(m));
    url = broker.url;
  }
  let mqtt: MqttIngestAdapter | null = null;
  if (url) {
    mqtt = new MqttIngestAdapter(services.metering.ingest, {
      url,
      prefix: cfg.mqttTopicPrefix,
      clientId: cfg.mqttClientId,
      log,
    });
    try {
      await mqtt.start();
    } catch (e) {
      log.warn({ err: e, url }, 'MQTT ingestion could not connect; continuing without it');
      mqtt = null;
    }
  }
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    services.metering.vee
      .runPending()
      .then((r) => r.checked && log.info(r, 'VEE run'))
      .catch((e: unknown) => log.error({ err: e }, 'VEE run failed'))
      .finally(() => (running = false));
  }, cfg.veeIntervalSeconds * 1000);
  timer.unref();
  const plan = cfg.pollPlanFile ? startReadingPlan(services, cfg.pollPlanFile, log) : null;
  return {
    broker,
    mqtt,
    mqttUrl: url,
    async stop() {
      clearInterval(timer);
      await plan?.stop();
      await mqtt?.stop();
      await broker?.close();
    },
  };
}
