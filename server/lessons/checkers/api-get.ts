// One GET of the Kubernetes API with a kubeconfig's server, credentials and agent, answered as the JSON the API
// sent. Errors carry the HTTP status (`code`) and the body (`body`, a Status), as client-node's ApiException does.
import type { RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { RequestTimeout, sendRequest, type HttpAnswer } from './http-request.js';

/** A read that takes longer than this fails (the checker says it could not run, and the next change re-runs it). */
const GET_TIMEOUT_MS = 30_000;

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly body: string,
  ) {
    super(`HTTP ${code}: ${statusMessage(body) ?? body.slice(0, 200)}`);
  }
}

export async function getJson(kubeconfig: KubeConfig, path: string): Promise<unknown> {
  const server = kubeconfig.getCurrentCluster()?.server;
  if (!server) throw new Error('the kubeconfig names no cluster server');
  const opts: RequestOptions = {};
  await kubeconfig.applyToHTTPSOptions(opts);
  const url = new URL(`${server.replace(/\/+$/, '')}${path}`);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(opts.headers ?? {})) if (value !== undefined) headers[name] = String(value);
  headers.Accept = 'application/json';
  let answer: HttpAnswer;
  try {
    answer = await sendRequest(url, 'GET', headers, GET_TIMEOUT_MS, { tls: opts, limit: Infinity });
  } catch (error) {
    throw error instanceof RequestTimeout ? new Error(`${path}: no answer in ${GET_TIMEOUT_MS / 1000} s`) : error;
  }
  if (answer.status < 200 || answer.status >= 300) throw new ApiError(answer.status, answer.body);
  try {
    return JSON.parse(answer.body);
  } catch {
    throw new Error(`${path}: the API answered with something that is not JSON`);
  }
}

/** The HTTP status of an API error (ours, or client-node's ApiException.code), if it has one. */
export function statusCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** The message of a Status body, if it is one. */
function statusMessage(body: string): string | undefined {
  try {
    const status = JSON.parse(body) as { message?: unknown };
    return typeof status.message === 'string' && status.message ? status.message : undefined;
  } catch {
    return undefined; // not a Status
  }
}

/** An API error as one line: the Status message the API sent, else the error's own. */
export function errorMessage(error: unknown): string {
  const body = (error as { body?: unknown } | null)?.body;
  const said = typeof body === 'string' ? statusMessage(body) : undefined;
  if (said) return said;
  return error instanceof Error ? (error.message.split('\n')[0] ?? String(error)) : String(error);
}
