// `faas-cli describe NAME`: the function's status, image, process, URLs, labels and annotations.
import { callGateway, CliError } from '../gateway-client.js';
import { GATEWAY_FLAG, gatewayOf, parse, TLS_FLAG } from '../options.js';

interface FunctionStatus {
  name: string;
  image: string;
  envProcess?: string;
  invocationCount?: number;
  replicas?: number;
  availableReplicas?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export async function describe(args: string[], out: (text: string) => void): Promise<number> {
  const { values, positionals } = parse(args, { ...GATEWAY_FLAG, ...TLS_FLAG, namespace: { type: 'string', short: 'n' }, verbose: { type: 'boolean', short: 'v' } });
  const name = positionals[0];
  if (!name) throw new CliError('please provide a name for the function');
  const gateway = gatewayOf(values.gateway);
  const query = typeof values.namespace === 'string' ? `?namespace=${encodeURIComponent(values.namespace)}` : '';
  const res = await callGateway(gateway, 'GET', `/system/function/${encodeURIComponent(name)}${query}`);
  if (res.status === 404) throw new CliError(`No such function: ${name}`);
  if (res.status !== 200) throw new CliError(`server returned unexpected status code: ${res.status} - ${res.body.trim()}`);
  const f = JSON.parse(res.body) as FunctionStatus;
  const status = (f.availableReplicas ?? 0) > 0 ? 'Ready' : 'Not Ready';
  const rows: Array<[string, string]> = [
    ['Name:', f.name],
    ['Status:', status],
    ['Replicas:', String(f.replicas ?? 0)],
    ['Available Replicas:', String(f.availableReplicas ?? 0)],
    ['Invocations:', String(Math.trunc(f.invocationCount ?? 0))],
    ['Image:', f.image],
    ['Function Process:', f.envProcess ?? ''],
    ['URL:', `${gateway}/function/${f.name}`],
    ['Async URL:', `${gateway}/async-function/${f.name}`],
  ];
  for (const [k, v] of rows) out(`${k.padEnd(20)}${v}\n`);
  const section = (title: string, map: Record<string, string> | undefined): void => {
    out(`${title.padEnd(20)}${map && Object.keys(map).length ? '' : '<none>'}\n`);
    for (const [k, v] of Object.entries(map ?? {}).sort(([a], [b]) => a.localeCompare(b))) out(` ${k} : ${v}\n`);
  };
  section('Labels:', f.labels);
  section('Annotations:', f.annotations);
  return 0;
}
