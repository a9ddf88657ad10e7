// `faas-cli login`: checks the credentials against the gateway, then saves them for it.
import { readFileSync } from 'node:fs';
import { saveCredentials } from '../config-file.js';
import { CliError } from '../gateway-client.js';
import { GATEWAY_FLAG, gatewayOf, parse, TLS_FLAG } from '../options.js';

export async function login(args: string[], out: (text: string) => void): Promise<number> {
  const { values } = parse(args, {
    ...GATEWAY_FLAG,
    ...TLS_FLAG,
    username: { type: 'string', short: 'u', default: 'admin' },
    password: { type: 'string', short: 'p' },
    'password-stdin': { type: 'boolean', short: 's' },
  });
  const gateway = gatewayOf(values.gateway);
  let password = typeof values.password === 'string' ? values.password : undefined;
  if (password !== undefined) out('WARNING! Using --password is insecure, consider using: cat ~/faas_pass.txt | faas-cli login -u user --password-stdin\n');
  if (values['password-stdin'] === true) {
    if (password !== undefined) throw new CliError('--password and --password-stdin are mutually exclusive');
    password = readFileSync(0, 'utf8').replace(/\r?\n$/, '').trim();
  }
  if (password === undefined || password === '') throw new CliError('must provide --password or --password-stdin');
  const user = String(values.username);
  out('Calling the OpenFaaS server to validate the credentials...\n');
  const token = Buffer.from(`${user}:${password}`).toString('base64');
  let status: number;
  try {
    status = (await fetch(`${gateway}/system/functions`, { headers: { Authorization: `Basic ${token}` } })).status;
  } catch (error) {
    throw new CliError(`cannot connect to OpenFaaS on URL: ${gateway}. ${(error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message}`);
  }
  if (status === 401) throw new CliError('unable to login, either username or password is incorrect');
  if (status !== 200) throw new CliError(`server returned unexpected status code: ${status}`);
  saveCredentials(gateway, user, password);
  out(`credentials saved for ${user} ${gateway}\n`);
  return 0;
}
