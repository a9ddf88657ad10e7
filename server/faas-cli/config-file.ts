// faas-cli's credentials file, ~/.openfaas/config.yml (or $OPENFAAS_CONFIG/config.yml): a list of gateways with
// a basic-auth token each, as `faas-cli login` writes it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

interface AuthEntry {
  gateway: string;
  auth: string;
  token: string;
}

function configPath(): string {
  const dir = process.env.OPENFAAS_CONFIG ?? join(homedir(), '.openfaas');
  return join(dir, 'config.yml');
}

function readAuths(): AuthEntry[] {
  const path = configPath();
  if (!existsSync(path)) return [];
  try {
    const doc = parse(readFileSync(path, 'utf8')) as { auths?: unknown } | null;
    return Array.isArray(doc?.auths) ? (doc.auths as AuthEntry[]).filter((a) => a && typeof a.gateway === 'string') : [];
  } catch {
    return [];
  }
}

export function credentialsFor(gateway: string): string | undefined {
  return readAuths().find((a) => a.gateway.replace(/\/+$/, '') === gateway)?.token;
}

export function saveCredentials(gateway: string, user: string, password: string): void {
  const token = Buffer.from(`${user}:${password}`).toString('base64');
  const auths = readAuths().filter((a) => a.gateway !== gateway);
  auths.push({ gateway, auth: 'basic', token });
  const path = configPath();
  mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 });
  writeFileSync(path, stringify({ auths }), { mode: 0o600 });
}
