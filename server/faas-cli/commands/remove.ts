// `faas-cli remove NAME` (or every function of a stack file with -f).
import { callGateway, CliError } from '../gateway-client.js';
import { GATEWAY_FLAG, gatewayOf, parse, TLS_FLAG } from '../options.js';
import { loadStack } from '../stack-file.js';

export async function remove(args: string[], out: (text: string) => void): Promise<number> {
  const { values, positionals } = parse(args, { ...GATEWAY_FLAG, ...TLS_FLAG, yaml: { type: 'string', short: 'f' }, namespace: { type: 'string', short: 'n' }, filter: { type: 'string' } });
  let names = positionals;
  let stackGateway: string | undefined;
  if (typeof values.yaml === 'string') {
    const stack = await loadStack(values.yaml);
    stackGateway = stack.gateway;
    names = stack.functions.map((f) => f.name).filter((n) => typeof values.filter !== 'string' || n === values.filter);
  }
  if (names.length === 0) throw new CliError('please provide the name of a function to delete');
  const gateway = gatewayOf(values.gateway, stackGateway);
  for (const name of names) {
    out(`Deleting: ${name}.\n`);
    const body = JSON.stringify({ functionName: name, ...(typeof values.namespace === 'string' ? { namespace: values.namespace } : {}) });
    const res = await callGateway(gateway, 'DELETE', '/system/functions', body);
    if (res.status === 200 || res.status === 202) out('Removing old function.\n');
    else if (res.status === 404) out('No existing function to remove\n');
    else throw new CliError(`Server returned unexpected status code ${res.status} ${res.body.trim()}`);
  }
  return 0;
}
