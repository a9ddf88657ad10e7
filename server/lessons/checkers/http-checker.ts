// `http`: a real request answers with the expected status and body. `{ingress}` and `{openfaas}` in the URL
// become the gateways' host:port. node:http rather than fetch: fetch drops a Host header, and Knative routes
// by Host (`curl -H "Host: hello.default.127.0.0.1.sslip.io" http://127.0.0.1`).
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Checker, CheckContext } from './context.js';
import { fail, pass } from './context.js';
import { describePattern, matchesPattern } from './pattern.js';

const DEFAULT_TIMEOUT_MS = 5000;
const BODY_LIMIT = 64 * 1024;
/** Look-alike hosts the article names: never contacted. */
const REFUSED_HOSTS = new Set(['raw.githubusercontents.com']);

export interface HttpAnswer {
  status: number;
  body: string;
}

export const evaluateHttp: Checker<'http'> = async (spec, context) => {
  const resolved = resolveUrl(spec.url, context);
  if ('error' in resolved) return fail(context, resolved.error);
  const url = resolved.url;
  if (REFUSED_HOSTS.has(url.hostname)) return fail(context, `${url.hostname} is not GitHub (the host is raw.githubusercontent.com): kubeclass will not fetch from it`);
  let answer: HttpAnswer;
  try {
    answer = await sendRequest(url, spec.method ?? 'GET', spec.headers ?? {}, DEFAULT_TIMEOUT_MS);
  } catch (error) {
    return fail(context, `expected ${spec.url} to answer, saw ${error instanceof Error ? error.message : String(error)}`);
  }
  const wantedStatus = spec.status ?? 200;
  if (answer.status !== wantedStatus) {
    let message = `expected ${spec.method ?? 'GET'} ${spec.url} to answer ${wantedStatus}, saw ${answer.status}${bodyPreview(answer.body)}`;
    if (answer.status === 401 && isOpenFaas(url, context)) {
      message += '. The OpenFaaS gateway wants its admin credentials for /system/ paths: log in with faas-cli login (the password is in the basic-auth Secret of the openfaas namespace).';
    }
    return fail(context, message);
  }
  if (spec.body !== undefined && !matchesPattern(spec.body, answer.body)) {
    return fail(context, `expected the body of ${spec.url} to match ${describePattern(spec.body)}, saw${bodyPreview(answer.body) || ' an empty body'}`);
  }
  return pass(context);
};

function resolveUrl(template: string, context: CheckContext): { url: URL } | { error: string } {
  const { ingress, openfaas } = context.gateways;
  if (template.includes('{ingress}') && !ingress) return { error: 'this cluster has no Knative gateway to send the request to' };
  if (template.includes('{openfaas}') && !openfaas) return { error: 'this cluster has no OpenFaaS gateway to send the request to' };
  const text = template
    .replaceAll('{ingress}', ingress ? `${ingress.host}:${ingress.port}` : '')
    .replaceAll('{openfaas}', openfaas ? `${openfaas.host}:${openfaas.port}` : '');
  try {
    return { url: new URL(text) };
  } catch {
    return { error: `the lesson's URL ${JSON.stringify(template)} is not a URL` };
  }
}

function isOpenFaas(url: URL, context: CheckContext): boolean {
  const gateway = context.gateways.openfaas;
  return gateway !== undefined && url.hostname === gateway.host && Number(url.port) === gateway.port;
}

/** One request with a deadline; the body is read up to BODY_LIMIT. */
export function sendRequest(url: URL, method: string, headers: Record<string, string>, timeoutMs: number): Promise<HttpAnswer> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < BODY_LIMIT) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, BODY_LIMIT) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error: NodeJS.ErrnoException) => reject(new Error(error.code === 'ECONNREFUSED' ? `connection refused (${url.host})` : error.message)));
    req.end();
  });
}

function bodyPreview(body: string): string {
  const text = body.trim();
  if (!text) return '';
  return ` (${JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}...` : text)})`;
}
