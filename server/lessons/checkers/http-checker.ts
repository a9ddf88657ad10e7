// `http`: a real request answers with the expected status and body. The placeholders (HTTP_PLACEHOLDERS) in the
// URL and in header values become the cluster's: `{ingress}` and `{openfaas}` the gateways' host:port,
// `{knativeDomain}` the default domain of config-domain, read from the cluster at each evaluation. node:http
// rather than fetch: fetch drops a Host header, and Knative routes by Host
// (`curl -H "Host: hello.default.127.0.0.1.sslip.io" http://127.0.0.1`).
import { domainFromConfig } from '../../clusters/sandbox/knative/controllers/knative-config.js';
import { CONFIG_DOMAIN, KNATIVE_SERVING_NAMESPACE } from '../../clusters/sandbox/knative/install/constants.js';
import { HTTP_PLACEHOLDER, isHttpPlaceholder, type HttpPlaceholder } from '../check-spec.js';
import type { Checker, CheckContext } from './context.js';
import { fail, messagesOf, pass } from './context.js';
import type { Messages } from './messages/index.js';
import { describePattern, matchesPattern } from './pattern.js';
import { RequestTimeout, sendRequest, type HttpAnswer } from './http-request.js';

const DEFAULT_TIMEOUT_MS = 5000;
/** Look-alike hosts the article names: never contacted. */
const REFUSED_HOSTS = new Set(['raw.githubusercontents.com']);

export const evaluateHttp: Checker<'http'> = async (spec, context) => {
  const t = messagesOf(context);
  const expanded = await expandPlaceholders(spec.url, spec.headers ?? {}, context, t);
  if ('error' in expanded) return fail(context, expanded.error);
  let url: URL;
  try {
    url = new URL(expanded.url);
  } catch {
    return fail(context, t.http.notUrl(spec.url));
  }
  if (REFUSED_HOSTS.has(url.hostname)) return fail(context, t.http.refusedHost(url.hostname));
  let answer: HttpAnswer;
  try {
    answer = await sendRequest(url, spec.method ?? 'GET', expanded.headers, DEFAULT_TIMEOUT_MS);
  } catch (error) {
    return fail(context, t.http.noAnswer(spec.url, requestFailure(error, url, t)));
  }
  const wantedStatus = spec.status ?? 200;
  if (answer.status !== wantedStatus) {
    let message = t.http.status(spec.method ?? 'GET', spec.url, wantedStatus, answer.status, bodyPreview(answer.body));
    if (answer.status === 401 && isOpenFaas(url, context)) message += t.http.openFaasCredentials;
    return fail(context, message);
  }
  if (spec.body !== undefined && !matchesPattern(spec.body, answer.body)) return fail(context, t.http.body(spec.url, describePattern(spec.body), bodyPreview(answer.body)));
  return pass(context);
};

/** The URL and headers with the placeholders they use replaced, or why one has no value on this cluster. */
async function expandPlaceholders(
  url: string,
  headers: Readonly<Record<string, string>>,
  context: CheckContext,
  t: Messages,
): Promise<{ url: string; headers: Record<string, string> } | { error: string }> {
  const used = new Set([url, ...Object.values(headers)].flatMap((text) => [...text.matchAll(HTTP_PLACEHOLDER)].map((m) => m[1] ?? '')).filter(isHttpPlaceholder));
  const values = new Map<string, string>();
  for (const name of used) {
    const value = await placeholderValue(name, context, t);
    if ('error' in value) return value;
    values.set(name, value.value);
  }
  // An unknown placeholder stays as written (lint rejects it; the URL then does not parse).
  const expand = (text: string): string => text.replace(HTTP_PLACEHOLDER, (whole, name: string) => values.get(name) ?? whole);
  return { url: expand(url), headers: Object.fromEntries(Object.entries(headers).map(([key, value]) => [key, expand(value)])) };
}

async function placeholderValue(name: HttpPlaceholder, context: CheckContext, t: Messages): Promise<{ value: string } | { error: string }> {
  const { ingress, openfaas } = context.gateways;
  switch (name) {
    case 'ingress':
      return ingress ? { value: `${ingress.host}:${ingress.port}` } : { error: t.http.noKnativeGateway };
    case 'openfaas':
      return openfaas ? { value: `${openfaas.host}:${openfaas.port}` } : { error: t.http.noOpenFaasGateway };
    case 'knativeDomain':
      return knativeDomain(context, t);
  }
}

/**
 * The domain Knative gives routes, as config-domain says now (the sandbox writes `<address>.sslip.io` there,
 * kind's quickstart `127.0.0.1.sslip.io`; a learner may change it): read rather than derived from the
 * gateway's address, which on kind is not the one in the domain.
 */
async function knativeDomain(context: CheckContext, t: Messages): Promise<{ value: string } | { error: string }> {
  const reader = context.cluster;
  if (!reader) return { error: t.http.noClusterForDomain };
  const config = await reader.get(await reader.resolve('v1', 'configmaps'), CONFIG_DOMAIN, KNATIVE_SERVING_NAMESPACE);
  if (!config) return { error: t.http.noKnative(CONFIG_DOMAIN, KNATIVE_SERVING_NAMESPACE) };
  const data = typeof config.data === 'object' && config.data !== null ? (config.data as Record<string, unknown>) : {};
  const strings = Object.fromEntries(Object.entries(data).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  return { value: domainFromConfig(strings, {}) };
}

function isOpenFaas(url: URL, context: CheckContext): boolean {
  const gateway = context.gateways.openfaas;
  return gateway !== undefined && url.hostname === gateway.host && Number(url.port) === gateway.port;
}

/** Why a request got no answer, in the learner's words. */
function requestFailure(error: unknown, url: URL, t: Messages): string {
  if (error instanceof RequestTimeout) return t.http.timeout(error.timeoutMs);
  if ((error as NodeJS.ErrnoException).code === 'ECONNREFUSED') return t.http.refused(url.host);
  return error instanceof Error ? error.message : String(error);
}

/** The start of a body, quoted; undefined when it is empty. */
function bodyPreview(body: string): string | undefined {
  const text = body.trim();
  if (!text) return undefined;
  return JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}...` : text);
}
