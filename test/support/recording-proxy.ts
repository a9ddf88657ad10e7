// An HTTPS proxy in front of a sandbox that keeps every request kubectl sends (method, path, content type,
// raw body), so tests and the capture script can see the exact wire format, protobuf bodies included.
import { createServer, request as httpsRequest } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  contentType: string | undefined;
  accept: string | undefined;
  body: Buffer;
}

export interface RecordingProxy {
  url: string;
  caPem: string;
  requests: RecordedRequest[];
  /** The requests that change something (not GET), in order. */
  writes(): RecordedRequest[];
  close(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A canned JSON answer for a request the sandbox cannot answer yet (e.g. a GET of a kind it does not serve). */
export type CannedAnswer = (method: string, path: string) => unknown;

/**
 * `certs` serve the proxy on 127.0.0.1 (from the sandbox's createCertificates: passed in, since this file is
 * also type-checked with the DOM's lib, where tls.ts's WebCrypto types do not fit).
 */
export async function startRecordingProxy(
  target: { url: string; caPem: string },
  certs: { caPem: string; certPem: string; keyPem: string },
  canned?: CannedAnswer,
): Promise<RecordingProxy> {
  const requests: RecordedRequest[] = [];
  const server = createServer({ key: certs.keyPem, cert: certs.certPem }, (req, res) => {
    void bodyOf(req).then((body) => {
      requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', contentType: req.headers['content-type'], accept: req.headers.accept, body });
      const answer = canned?.(req.method ?? 'GET', req.url ?? '/');
      if (answer !== undefined) {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer));
        return;
      }
      const headers = { ...req.headers };
      delete headers.host;
      const upstream = httpsRequest(new URL(req.url ?? '/', target.url), { method: req.method, headers, ca: target.caPem }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', (error) => res.writeHead(502).end(error.message));
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    caPem: certs.caPem,
    requests,
    writes: () => requests.filter((r) => r.method !== 'GET'),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections(); // watches would hold the close forever
        server.close(() => resolve());
      }),
  };
}
