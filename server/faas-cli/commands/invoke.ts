// `faas-cli invoke NAME`: stdin to the function, its answer to stdout (or queued with --async).
import { readFileSync } from 'node:fs';
import { callGateway, CliError } from '../gateway-client.js';
import { GATEWAY_FLAG, gatewayOf, pairs, parse, TLS_FLAG } from '../options.js';

export async function invoke(args: string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const { values, positionals } = parse(args, {
    ...GATEWAY_FLAG,
    ...TLS_FLAG,
    'content-type': { type: 'string', default: 'text/plain' },
    header: { type: 'string', short: 'H', multiple: true },
    method: { type: 'string', short: 'm', default: 'POST' },
    query: { type: 'string', multiple: true },
    async: { type: 'boolean', short: 'a' },
    namespace: { type: 'string', short: 'n' },
    'key': { type: 'string' },
  });
  const name = positionals[0];
  if (!name) throw new CliError('please provide a name for the function');
  if (process.stdin.isTTY) err('Reading from STDIN - hit (Control + D) to stop.\n');
  const body = readFileSync(0);
  const gateway = gatewayOf(values.gateway);
  const query = new URLSearchParams(pairs(values.query, '--query')).toString();
  const target = `${name}${typeof values.namespace === 'string' ? `.${values.namespace}` : ''}`;
  const path = `/${values.async === true ? 'async-function' : 'function'}/${target}${query ? `?${query}` : ''}`;
  const res = await callGateway(gateway, String(values.method), path, String(values.method) === 'GET' ? undefined : body.toString(), {
    auth: false,
    headers: { 'Content-Type': String(values['content-type']), ...pairs(values.header, '--header') },
  });
  if (values.async === true && res.status === 202) {
    err(`Function submitted asynchronously.\n`);
    return 0;
  }
  if (res.status !== 200) throw new CliError(`Server returned unexpected status code: ${res.status} - ${res.body}`);
  out(res.body);
  return 0;
}
