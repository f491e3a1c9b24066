/**
 * A deliberately light HTTP/1.1 client for the payments bench: a few keep-alive sockets, each with
 * several requests pipelined, requests written as pre-built text and answers parsed only as far as
 * the status and Content-Length. It shares the 2 cores with the server, so every microsecond it
 * spends is taken from the figure being measured (node:http's client cost about as much as the
 * server's own HTTP handling).
 */
import { connect, type Socket } from 'node:net';

/** Largest response head accepted before the connection is treated as broken. */
const HEAD_MAX_BYTES = 16 * 1024;
const CRLFCRLF = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:\s*(\d+)/i;

export interface PipelinedConnection {
  /** Sends one request (complete text); resolves with the status once its answer has arrived. */
  send(request: string): Promise<number>;
  close(): void;
}

/** Opens one keep-alive connection to 127.0.0.1:port that answers requests in the order sent. */
export function openPipelined(port: number): Promise<PipelinedConnection> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: '127.0.0.1', port, noDelay: true }, () => resolve(conn));
    const pending: { ok: (status: number) => void; fail: (e: Error) => void }[] = [];
    let buf: Buffer = Buffer.alloc(0);
    let bodyLeft = -1;
    let status = 0;
    const failAll = (e: Error) => {
      for (const p of pending.splice(0)) p.fail(e);
    };
    socket.on('error', (e) => (pending.length ? failAll(e) : reject(e)));
    socket.on('close', () => failAll(new Error('connection closed')));
    socket.on('data', (chunk: Buffer) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      for (;;) {
        if (bodyLeft < 0) {
          const end = buf.indexOf(CRLFCRLF);
          if (end < 0) {
            if (buf.length > HEAD_MAX_BYTES) socket.destroy(new Error('response head too long'));
            return;
          }
          const head = buf.toString('latin1', 0, end);
          status = Number(head.slice(9, 12));
          bodyLeft = Number(CONTENT_LENGTH.exec(head)?.[1] ?? 0);
          buf = buf.subarray(end + 4);
        }
        if (buf.length < bodyLeft) return;
        buf = buf.subarray(bodyLeft);
        bodyLeft = -1;
        pending.shift()?.ok(status);
      }
    });
    const conn: PipelinedConnection = {
      send(request) {
        return new Promise((ok, fail) => {
          pending.push({ ok, fail });
          socket.write(request);
        });
      },
      close: () => socket.destroy(),
    };
  });
}
