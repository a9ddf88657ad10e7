// One HTTP exchange with an in-process handler (a container's `http(port)`), over a pair of in-memory streams
// instead of a socket: the handler sees a real IncomingMessage, the caller gets status, headers and body, and
// a handler that drops the connection is an error, as a reset would be.
import { createServer, request, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { Duplex } from 'node:stream';
import type { HttpHandler } from '../../runtime/container-types.js';

export interface InMemoryRequest {
  method: string;
  path: string;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

export interface InMemoryResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Two connected stream ends: what one writes, the other reads; either end's close ends the other. */
function streamPair(): [Duplex, Duplex] {
  const ends: Duplex[] = [];
  const make = (peer: () => Duplex): Duplex =>
    new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, callback) {
        peer().push(chunk);
        callback();
      },
      final(callback) {
        peer().push(null);
        callback();
      },
      destroy(error, callback) {
        const other = peer();
        if (!other.destroyed) other.destroy();
        callback(error);
      },
    });
  ends.push(make(() => ends[1] as Duplex), make(() => ends[0] as Duplex));
  return [ends[0] as Duplex, ends[1] as Duplex];
}

export function callHandler(handler: HttpHandler, input: InMemoryRequest): Promise<InMemoryResponse> {
  const [client, server] = streamPair();
  createServer(handler).emit('connection', server);
  return new Promise((resolve, reject) => {
    const req = request({ method: input.method, path: input.path, headers: { ...input.headers, 'content-length': String(input.body.length), connection: 'close' }, createConnection: () => client as never }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 500, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(input.body);
  });
}
