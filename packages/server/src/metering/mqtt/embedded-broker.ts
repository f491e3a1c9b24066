import { createServer, type Server } from 'node:net';
import { Aedes } from 'aedes';

/** An in-process MQTT broker (aedes) for the single-machine default; production uses an external one. */
export interface EmbeddedBroker {
  /** `mqtt://host:port` when listening on TCP, else null (in-process clients only). */
  url: string | null;
  close(): Promise<void>;
}

/** Starts aedes and, when `port` is given, a TCP listener; a taken port is reported, not fatal. */
export async function startEmbeddedBroker(
  host: string,
  port: number | null,
  warn: (msg: string) => void,
): Promise<EmbeddedBroker> {
  const broker = await Aedes.createBroker();
  let server: Server | null = null;
  let url: string | null = null;
  if (port !== null) {
    server = createServer(broker.handle);
    try {
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(port, host, () => resolve());
      });
      const addr = server.address();
      url = `mqtt://${host}:${typeof addr === 'object' && addr ? addr.port : port}`;
    } catch (e) {
      warn(`the embedded MQTT broker could not listen on ${host}:${port} (${String(e)}); MQTT ingestion is off`);
      server = null;
    }
  }
  return {
    url,
    async close() {
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}
