import { DEFAULT_TOPIC_PREFIX } from '@meterflow/protocols/meter-message/index';

/** Settings of the metering context, read with the rest of the configuration (see ../config.ts). */
export interface MeteringConfig {
  /** External broker (`mqtt://host:1883`); empty = run the embedded aedes broker. */
  mqttUrl: string;
  /** TCP port of the embedded broker; null = no embedded broker (and no MQTT unless mqttUrl is set). */
  mqttBrokerPort: number | null;
  mqttTopicPrefix: string;
  mqttClientId: string;
  /** How often VEE looks at changed blocks of finished days. */
  veeIntervalSeconds: number;
  /** A reading plan JSON file (DL/T 645 channels, poll times); empty = no polling. See polling/README.md. */
  pollPlanFile: string;
}

/** Reads MQTT_* and VEE_* variables; problems are appended to the shared list. */
export function loadMeteringConfig(env: Record<string, string | undefined>, problems: string[]): MeteringConfig {
  const mqttUrl = env.MQTT_URL ?? '';
  if (mqttUrl && !/^mqtts?:\/\/[^/]+/.test(mqttUrl)) problems.push(`MQTT_URL="${mqttUrl}" must be mqtt://host:port`);
  const rawPort = env.MQTT_BROKER_PORT ?? '1884';
  const port = rawPort === 'off' ? null : Number(rawPort);
  if (port !== null && (!Number.isInteger(port) || port < 0 || port > 65535))
    problems.push(`MQTT_BROKER_PORT="${rawPort}" must be a port number (0 = any free one) or off`);
  const prefix = env.MQTT_TOPIC_PREFIX || DEFAULT_TOPIC_PREFIX;
  if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(prefix))
    problems.push(`MQTT_TOPIC_PREFIX="${prefix}" must be topic levels of letters, digits, _ and -`);
  const vee = Number(env.VEE_INTERVAL_SECONDS || 60);
  if (!Number.isInteger(vee) || vee < 1 || vee > 86400)
    problems.push('VEE_INTERVAL_SECONDS must be a whole number from 1 to 86400');
  return {
    mqttUrl,
    mqttBrokerPort: port,
    mqttTopicPrefix: prefix,
    mqttClientId: env.MQTT_CLIENT_ID || `meterflow-ingest-${process.pid}`,
    veeIntervalSeconds: vee,
    pollPlanFile: env.METERING_POLL_PLAN ?? '',
  };
}
