// One HTTP(S) request with a deadline and its whole answer: what the `http` checker sends to a learner's service
// (node:http, since fetch drops the Host header Knative routes by), and what the cluster reader sends to the API
// (with the kubeconfig's agent and TLS options).
import { request as httpRequest, type RequestOptions as HttpRequestOptions } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';

/** A learner's service may answer with anything: its body is read up to this. */
const BODY_LIMIT = 64 * 1024;

export interface HttpAnswer {
  status: number;
  body: string;
}

export class RequestTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

export interface SendOptions {
  /** Agent, CA, client certificate and the like (a kubeconfig's). */
  tls?: RequestOptions | HttpRequestOptions;
  /** Bytes of the body kept (64 KiB by default). */
  limit?: number;
}

export function sendRequest(url: URL, method: string, headers: Record<string, string>, timeoutMs: number, options: SendOptions = {}): Promise<HttpAnswer> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const limit = options.limit ?? BODY_LIMIT;
  return new Promise((resolve, reject) => {
    const req = send(url, { ...options.tls, method, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < limit) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, limit) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new RequestTimeout(timeoutMs)));
    req.on('error', reject);
    req.end();
  });
}
