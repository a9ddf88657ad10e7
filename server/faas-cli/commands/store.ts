// `faas-cli store list` and `faas-cli store deploy NAME`.
import { callGateway, CliError } from '../gateway-client.js';
import { GATEWAY_FLAG, gatewayOf, pairs, parse, TLS_FLAG } from '../options.js';
import { STORE } from '../store.js';

export async function store(args: string[], out: (text: string) => void): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'list' || sub === 'ls') {
    parse(rest, { verbose: { type: 'boolean', short: 'v' }, platform: { type: 'string', short: 'p' } });
    out(`\n${'FUNCTION'.padEnd(30)}${'AUTHOR'.padEnd(12)}DESCRIPTION\n`);
    for (const f of STORE) out(`${f.name.padEnd(30)}${f.author.padEnd(12)}${f.title}\n`);
    out('\n');
    return 0;
  }
  if (sub === 'deploy') {
    const { values, positionals } = parse(rest, { ...GATEWAY_FLAG, ...TLS_FLAG, name: { type: 'string' }, env: { type: 'string', short: 'e', multiple: true }, label: { type: 'string', short: 'l', multiple: true }, annotation: { type: 'string', multiple: true }, namespace: { type: 'string', short: 'n' } });
    const wanted = positionals[0];
    if (!wanted) throw new CliError('please provide the function name');
    const item = STORE.find((f) => f.name.toLowerCase() === wanted.toLowerCase() || f.title.toLowerCase() === wanted.toLowerCase());
    if (!item) throw new CliError(`function '${wanted}' not found`);
    const gateway = gatewayOf(values.gateway);
    const name = typeof values.name === 'string' ? values.name : item.name;
    const body = JSON.stringify({
      service: name,
      image: item.image,
      ...(typeof values.namespace === 'string' ? { namespace: values.namespace } : {}),
      envProcess: item.fprocess,
      envVars: { ...item.environment, ...pairs(values.env, '--env') },
      labels: pairs(values.label, '--label'),
      annotations: pairs(values.annotation, '--annotation'),
      secrets: [],
    });
    let res = await callGateway(gateway, 'PUT', '/system/functions', body);
    if (res.status === 404) res = await callGateway(gateway, 'POST', '/system/functions', body);
    if (res.status >= 200 && res.status < 300) {
      out(`\nDeployed. ${res.status} ${res.status === 202 ? 'Accepted' : 'OK'}.\nURL: ${gateway}/function/${name}\n\n`);
      return 0;
    }
    throw new CliError(`Unexpected status: ${res.status}, message: ${res.body}`);
  }
  throw new CliError(sub ? `unknown command "${sub}" for "faas-cli store"` : 'Allows browsing and deploying OpenFaaS functions from a store\n\nUsage:\n  faas-cli store [command]');
}
