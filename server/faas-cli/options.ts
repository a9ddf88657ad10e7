// Flags as faas-cli (cobra) reads them, and the gateway a command talks to: --gateway, else OPENFAAS_URL, else
// the stack file's provider.gateway, else http://127.0.0.1:8080.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './gateway-client.js';

export const DEFAULT_GATEWAY = 'http://127.0.0.1:8080';

export type Flags = NonNullable<ParseArgsConfig['options']>;

export function parse(args: string[], flags: Flags): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options: flags, allowPositionals: true, strict: true });
    return { values: values as Record<string, string | boolean | string[] | undefined>, positionals };
  } catch (error) {
    const m = /Unknown option '(.+?)'/.exec((error as Error).message);
    throw new CliError(m ? `unknown flag: ${m[1]}` : (error as Error).message);
  }
}

export function gatewayOf(flag: unknown, stackGateway?: string): string {
  const chosen = (typeof flag === 'string' && flag) || process.env.OPENFAAS_URL || stackGateway || DEFAULT_GATEWAY;
  return chosen.replace(/\/+$/, '');
}

/** `-e KEY=VALUE` style flags (repeatable) as a map. */
export function pairs(value: unknown, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of Array.isArray(value) ? value : []) {
    const i = String(item).indexOf('=');
    if (i <= 0) throw new CliError(`${flag} must be in the form key=value, got: ${String(item)}`);
    out[String(item).slice(0, i)] = String(item).slice(i + 1);
  }
  return out;
}

export const GATEWAY_FLAG: Flags = { gateway: { type: 'string', short: 'g' } };
export const TLS_FLAG: Flags = { 'tls-no-verify': { type: 'boolean' } };
