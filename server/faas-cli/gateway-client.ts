// The OpenFaaS gateway's REST API as faas-cli uses it, with basic auth from the saved credentials. Failures are
// worded as faas-cli words them: an unreachable gateway asks whether OpenFaaS is deployed, a 401 says to log in.
import { credentialsFor } from './config-file.js';

export class CliError extends Error {}

export interface GatewayResponse {
  status: number;
  body: string;
}

export async function callGateway(gateway: string, method: string, path: string, body?: string, options: { auth?: boolean; headers?: Record<string, string> } = {}): Promise<GatewayResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (body !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
  if (options.auth !== false) {
    const token = credentialsFor(gateway);
    if (token) headers.Authorization = `Basic ${token}`;
  }
  let res: Response;
  try {
    res = await fetch(`${gateway}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const host = new URL(gateway).host;
    const reason = cause?.code === 'ECONNREFUSED' ? `dial tcp ${host}: connect: connection refused` : cause?.code === 'ENOTFOUND' ? `dial tcp: lookup ${new URL(gateway).hostname}: no such host` : cause?.message ?? (error as Error).message;
    throw new CliError(`Is OpenFaaS deployed? Do you need to specify the --gateway flag?\n${methodName(method)} "${gateway}${path}": ${reason}`);
  }
  const text = await res.text();
  if (res.status === 401 && options.auth !== false) {
    throw new CliError('unauthorized access, run "faas-cli login" to setup authentication for this server');
  }
  return { status: res.status, body: text };
}

/** Go's http client names the method in its errors as `Get`, `Post`, `Put`, `Delete`. */
function methodName(method: string): string {
  return method.charAt(0) + method.slice(1).toLowerCase();
}
