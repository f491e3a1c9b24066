import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import {
  Dlt645StreamParser,
  encodeDataValue,
  encodeMessage,
  frameToMessage,
  readReply,
} from '@meterflow/protocols/dlt645/index';
import type { Dlt645Message } from '@meterflow/protocols/dlt645/index';
import { Dlt645Client } from './dlt645-client.ts';
import { MeterConnection } from './meter-connection.ts';
import { MeterRequestError } from './meter-request-error.ts';

type Handler = (req: Dlt645Message, socket: Socket) => void;

/** A scripted meter on loopback: the handler decides what (if anything) to answer. */
async function fakeMeter(handler: Handler) {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    const parser = new Dlt645StreamParser();
    socket.on('data', (chunk) => {
      for (const e of parser.push(chunk)) if (e.type === 'frame') handler(frameToMessage(e.frame), socket);
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () => {
      sockets.forEach((s) => s.destroy());
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const voltage = (address: string) => readReply(address, '02010100', encodeDataValue('02010100', [['220.5']]));

for (const maxInFlight of [1, 3]) {
  test(`no more than ${maxInFlight} request(s) on the wire at once`, async () => {
    let outstanding = 0;
    let peak = 0;
    const meter = await fakeMeter((req, socket) => {
      peak = Math.max(peak, ++outstanding);
      setTimeout(() => {
        outstanding--;
        socket.write(encodeMessage(voltage(req.address)));
      }, 15);
    });
    const client = new Dlt645Client(new MeterConnection({ host: '127.0.0.1', port: meter.port, maxInFlight }));
    try {
      const addresses = Array.from({ length: 6 }, (_, i) => String(i + 1).padStart(12, '0'));
      const values = await Promise.all(addresses.map((a) => client.read(a, '02010100')));
      assert.ok(values.every((v) => v.entries[0].fields[0].text === '220.5'));
      assert.equal(peak, maxInFlight);
    } finally {
      client.connection.close();
      await meter.close();
    }
  });
}

test('a B1 reply is followed with 12 requests and the parts are joined', async () => {
  const seen: string[] = [];
  const payload = encodeDataValue('0001FF00', [[1000], [100], [200], [300], [400]]);
  const meter = await fakeMeter((req, socket) => {
    seen.push(req.body.type);
    if (req.body.type === 'read')
      socket.write(encodeMessage(readReply(req.address, '0001FF00', payload.subarray(0, 8), { more: true })));
    if (req.body.type === 'read-next')
      socket.write(encodeMessage(readReply(req.address, '0001FF00', payload.subarray(8), { seq: req.body.seq })));
  });
  const client = new Dlt645Client(new MeterConnection({ host: '127.0.0.1', port: meter.port }));
  try {
    const v = await client.read('000000000001', '0001FF00');
    assert.deepEqual(
      v.entries.map((e) => e.fields[0].text),
      ['10.00', '1.00', '2.00', '3.00', '4.00'],
    );
    assert.deepEqual(seen, ['read', 'read-next']);
  } finally {
    client.connection.close();
    await meter.close();
  }
});

test('a request that times out is retried; after the last retry the timeout is reported', async () => {
  let calls = 0;
  const meter = await fakeMeter((req, socket) => {
    if (++calls === 2) socket.write(encodeMessage(voltage(req.address)));
  });
  const client = new Dlt645Client(new MeterConnection({ host: '127.0.0.1', port: meter.port }), {
    timeoutMs: 80,
    retries: 1,
    backoffBaseMs: 5,
  });
  try {
    const v = await client.read('000000000001', '02010100');
    assert.equal(v.entries[0].fields[0].text, '220.5');
    assert.equal(client.connection.stats.timeouts, 1);
    await assert.rejects(
      client.read('000000000001', '02010100'),
      (e: unknown) => e instanceof MeterRequestError && e.reason === 'timeout',
    );
    assert.equal(calls, 4);
  } finally {
    client.connection.close();
    await meter.close();
  }
});

test('a reply from another meter or for another identifier is not taken as the answer', async () => {
  const meter = await fakeMeter((req, socket) => {
    socket.write(encodeMessage(voltage('000000000099')));
    socket.write(encodeMessage(readReply(req.address, '02010200', encodeDataValue('02010200', [['1.0']]))));
    socket.write(encodeMessage(voltage(req.address)));
  });
  const client = new Dlt645Client(new MeterConnection({ host: '127.0.0.1', port: meter.port }));
  try {
    const v = await client.read('000000000001', '02010100');
    assert.equal(v.entries[0].fields[0].text, '220.5');
    assert.equal(client.connection.stats.unmatched, 2);
  } finally {
    client.connection.close();
    await meter.close();
  }
});

test('an unreachable port fails with a connection error, not a hang', async () => {
  const meter = await fakeMeter(() => undefined);
  const port = meter.port;
  await meter.close();
  const client = new Dlt645Client(new MeterConnection({ host: '127.0.0.1', port }), { retries: 1, backoffBaseMs: 5 });
  await assert.rejects(
    client.read('000000000001', '02010100'),
    (e: unknown) => e instanceof MeterRequestError && e.reason === 'connection',
  );
  client.connection.close();
});
