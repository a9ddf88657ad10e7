// `faas-cli version`: the CLI's version, and the gateway's and provider's when the gateway answers.
import { callGateway } from '../gateway-client.js';
import { GATEWAY_FLAG, gatewayOf, parse, TLS_FLAG } from '../options.js';

/** The release of faas-cli whose behaviour this command follows. */
export const CLI_VERSION = '0.17.4';

const LOGO = [
  '  ___                   _____           ____',
  ' / _ \\ _ __   ___ _ __ |  ___|_ _  __ _/ ___|',
  "| | | | '_ \\ / _ \\ '_ \\| |_ / _` |/ _` \\___ \\",
  '| |_| | |_) |  __/ | | |  _| (_| | (_| |___) |',
  ' \\___/| .__/ \\___|_| |_|_|  \\__,_|\\__,_|____/',
  '      |_|',
].join('\n');

export async function version(args: string[], out: (text: string) => void): Promise<number> {
  const { values } = parse(args, { ...GATEWAY_FLAG, ...TLS_FLAG, 'short-version': { type: 'boolean' } });
  if (values['short-version'] === true) {
    out(`${CLI_VERSION}\n`);
    return 0;
  }
  out(`${LOGO}\n\nCLI:\n commit:  kubeclass\n version: ${CLI_VERSION}\n`);
  const gateway = gatewayOf(values.gateway);
  try {
    const res = await callGateway(gateway, 'GET', '/system/info');
    if (res.status !== 200) return 0;
    const info = JSON.parse(res.body) as { version?: { release?: string; sha?: string }; provider?: { provider?: string; orchestration?: string; version?: { release?: string; sha?: string } } };
    out(`\nGateway\n uri:     ${gateway}\n version: ${info.version?.release ?? ''}\n sha:     ${info.version?.sha ?? ''}\n`);
    out(`\nProvider\n name:          ${info.provider?.provider ?? ''}\n orchestration: ${info.provider?.orchestration ?? ''}\n version:       ${info.provider?.version?.release ?? ''}\n sha:           ${info.provider?.version?.sha ?? ''}\n`);
  } catch {
    // The gateway is optional for `version`.
  }
  return 0;
}
