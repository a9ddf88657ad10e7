// `faas-cli list`: the deployed functions with their invocations and replicas (and images with -v).
import { callGateway, CliError } from '../gateway-client.js';
import { GATEWAY_FLAG, gatewayOf, parse, TLS_FLAG } from '../options.js';

interface FunctionStatus {
  name: string;
  image: string;
  invocationCount?: number;
  replicas?: number;
}

export async function list(args: string[], out: (text: string) => void): Promise<number> {
  const { values } = parse(args, { ...GATEWAY_FLAG, ...TLS_FLAG, verbose: { type: 'boolean', short: 'v' }, namespace: { type: 'string', short: 'n' }, quiet: { type: 'boolean', short: 'q' }, sort: { type: 'string', default: 'name' } });
  const gateway = gatewayOf(values.gateway);
  const query = typeof values.namespace === 'string' ? `?namespace=${encodeURIComponent(values.namespace)}` : '';
  const res = await callGateway(gateway, 'GET', `/system/functions${query}`);
  if (res.status !== 200) throw new CliError(`server returned unexpected status code: ${res.status} - ${res.body.trim()}`);
  const functions = (JSON.parse(res.body) as FunctionStatus[]).sort((a, b) =>
    values.sort === 'invocations' ? (b.invocationCount ?? 0) - (a.invocationCount ?? 0) : a.name.localeCompare(b.name),
  );
  if (values.quiet === true) {
    for (const f of functions) out(`${f.name}\n`);
    return 0;
  }
  const pad = (s: string, n: number): string => s.padEnd(n);
  if (values.verbose === true) {
    out(`${pad('Function', 30)}\t${pad('Image', 40)}\t${pad('Invocations', 15)}\t${pad('Replicas', 5)}\n`);
    for (const f of functions) out(`${pad(f.name, 30)}\t${pad(f.image, 40)}\t${pad(String(Math.trunc(f.invocationCount ?? 0)), 15)}\t${pad(String(f.replicas ?? 0), 5)}\n`);
  } else {
    out(`${pad('Function', 30)}\t${pad('Invocations', 15)}\t${pad('Replicas', 5)}\n`);
    for (const f of functions) out(`${pad(f.name, 30)}\t${pad(String(Math.trunc(f.invocationCount ?? 0)), 15)}\t${pad(String(f.replicas ?? 0), 5)}\n`);
  }
  return 0;
}
