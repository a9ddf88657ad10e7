// Configuration, parsed once from the command line and the environment. Nothing else reads process.env.
import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_GATEWAY_PORT, DEFAULT_INGRESS_PORT } from './clusters/kind/pins.js';

export interface StartConfig {
  host: string;
  port: number;
  token: string;
  /** True when the token was generated (not given): it is then printed in the URL. */
  tokenGenerated: boolean;
  dataDir: string;
  graceMs: number;
  maxSessions: number;
  allowOrigins: string[];
  shell: string | undefined;
  /**
   * The cluster learners' shells reach through KUBECONFIG: a kind cluster (Docker), the embedded sandbox, none, or
   * auto (kind when Docker and kind are there, else the sandbox).
   */
  cluster: ClusterOption;
  /** Host ports a kind cluster maps Kourier (NodePort 31080) and the OpenFaaS gateway (NodePort 31112) to. */
  ingressPort: number;
  gatewayPort: number;
  /** The folder of lessons offered beside the terminal. */
  lessonsDir: string;
  quiet: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

export type ClusterOption = 'auto' | 'kind' | 'sandbox' | 'none';
export const CLUSTER_OPTIONS: readonly ClusterOption[] = ['auto', 'kind', 'sandbox', 'none'];

export const DEFAULT_PORT = 4173;
export const DEFAULT_HOST = '127.0.0.1';
/** A dropped connection or a reload finds its shell again within this time. */
export const DEFAULT_GRACE_SECONDS = 300;
export const DEFAULT_MAX_SESSIONS = 64;

export class ConfigError extends Error {}

export const START_USAGE = `Usage: kubeclass start [options]

Serves the playground and prints the address to open (with its access token).

Options:
  --port N            port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host ADDR         address to bind (default ${DEFAULT_HOST}; 0.0.0.0 exposes it to the network)
  --token TOKEN       access token (default: KUBECLASS_TOKEN, else a random one)
  --data-dir DIR      where workspaces live (default: KUBECLASS_DATA_DIR, else ~/.local/share/kubeclass)
  --grace SECONDS     how long a shell waits for its page to come back (default ${DEFAULT_GRACE_SECONDS})
  --max-sessions N    most shells at once (default ${DEFAULT_MAX_SESSIONS})
  --allow-origin URL  another page origin allowed to open terminals (repeatable; e.g. behind a proxy)
  --shell PATH        the shell to run (bash; default: $SHELL when it is bash)
  --cluster KIND      the cluster shells reach: auto (default: kind when a Docker daemon answers, kind is
                      installed and the preflight passes, else sandbox; says which and why), kind (creates
                      or repairs it with Knative and OpenFaaS, progress on the page; see kubeclass cluster),
                      sandbox (embedded, no Docker, Knative and OpenFaaS installed) or none
  --ingress-port N    host port for Knative's ingress on a kind cluster (default 80)
  --gateway-port N    host port for the OpenFaaS gateway on a kind cluster (default 31112)
  --lessons DIR       the folder of lessons to offer (default: the lessons of this installation)
  --quiet             print only the address
  -h, --help          show this help
`;

/** lessons/ of this installation (server/ is dist/server/ once built). */
export const DEFAULT_LESSONS_DIR = fileURLToPath(new URL('../../lessons', import.meta.url));

export function positiveInt(name: string, text: string | undefined, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  if (!/^[0-9]+$/.test(text) || Number(text) < min) throw new ConfigError(`--${name} takes a whole number >= ${min}, not "${text}"`);
  return Number(text);
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with kubeclass's rules (no positionals, unknown flags refused) and its error type. */
export function parseOptions<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

export function portOption(text: string | undefined, fallback: number): number {
  const port = positiveInt('port', text, fallback, 0);
  if (port > 65535) throw new ConfigError('--port must be at most 65535');
  return port;
}

export function parseClusterOption(text: string | undefined): ClusterOption {
  const cluster = text ?? 'auto';
  if (!(CLUSTER_OPTIONS as readonly string[]).includes(cluster)) throw new ConfigError(`--cluster takes ${CLUSTER_OPTIONS.join(', ')}, not "${cluster}"`);
  return cluster as ClusterOption;
}

export function hostPortOption(name: string, text: string | undefined, fallback: number): number {
  const port = positiveInt(name, text, fallback, 1);
  if (port > 65535) throw new ConfigError(`--${name} must be at most 65535`);
  return port;
}

/** KUBECLASS_DATA_DIR, else $XDG_DATA_HOME/kubeclass, else ~/.local/share/kubeclass. */
export function defaultDataDir(env: Readonly<Record<string, string | undefined>>): string {
  return resolve(env.KUBECLASS_DATA_DIR ?? join(env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share'), 'kubeclass'));
}

/** Downloads kept between runs (release manifests, the chart): KUBECLASS_CACHE_DIR, else $XDG_CACHE_HOME/kubeclass, else ~/.cache/kubeclass. */
export function defaultCacheDir(env: Readonly<Record<string, string | undefined>>): string {
  return resolve(env.KUBECLASS_CACHE_DIR ?? join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'kubeclass'));
}

export function parseStartConfig(argv: string[], env: Readonly<Record<string, string | undefined>>): StartConfig {
  const v = parseOptions(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    token: { type: 'string' },
    'data-dir': { type: 'string' },
    grace: { type: 'string' },
    'max-sessions': { type: 'string' },
    'allow-origin': { type: 'string', multiple: true },
    shell: { type: 'string' },
    cluster: { type: 'string' },
    'ingress-port': { type: 'string' },
    'gateway-port': { type: 'string' },
    lessons: { type: 'string' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (v.help) throw new ConfigError(START_USAGE);
  const cluster = parseClusterOption(v.cluster);
  const port = portOption(v.port, DEFAULT_PORT);
  const given = v.token ?? env.KUBECLASS_TOKEN;
  if (given !== undefined && !/^[A-Za-z0-9._~-]{8,256}$/.test(given)) {
    throw new ConfigError('a token needs 8 to 256 characters of A-Z a-z 0-9 . _ ~ -');
  }
  for (const origin of v['allow-origin'] ?? []) {
    if (!/^https?:\/\/[^/\s]+\/?$/.test(origin)) throw new ConfigError(`--allow-origin takes an origin like http://host:port, not "${origin}"`);
  }
  return {
    host: v.host ?? DEFAULT_HOST,
    port,
    token: given ?? randomBytes(24).toString('base64url'),
    tokenGenerated: given === undefined,
    dataDir: resolve(v['data-dir'] ?? defaultDataDir(env)),
    graceMs: positiveInt('grace', v.grace, DEFAULT_GRACE_SECONDS) * 1000,
    maxSessions: positiveInt('max-sessions', v['max-sessions'], DEFAULT_MAX_SESSIONS),
    allowOrigins: v['allow-origin'] ?? [],
    shell: v.shell ?? env.SHELL,
    cluster,
    ingressPort: hostPortOption('ingress-port', v['ingress-port'], DEFAULT_INGRESS_PORT),
    gatewayPort: hostPortOption('gateway-port', v['gateway-port'], DEFAULT_GATEWAY_PORT),
    lessonsDir: resolve(v.lessons ?? DEFAULT_LESSONS_DIR),
    quiet: v.quiet ?? false,
    env,
  };
}

export interface SandboxConfig {
  kubeconfig: string;
  port: number;
  host: string;
}

export const SANDBOX_USAGE = `Usage: kubeclass sandbox --kubeconfig FILE [options]

Runs one sandbox cluster: a Kubernetes API that real kubectl works against, with no Docker. Writes a
kubeconfig (context kind-kubeclass) to FILE and runs until Ctrl-C.

Options:
  --kubeconfig FILE   where to write the kubeconfig (required)
  --port N            port of the API (default: any free one)
  --host ADDR         address to bind (default 127.0.0.1)
  -h, --help          show this help
`;

export function parseSandboxConfig(argv: string[]): SandboxConfig {
  const v = parseOptions(argv, {
    kubeconfig: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (v.help) throw new ConfigError(SANDBOX_USAGE);
  if (!v.kubeconfig) throw new ConfigError('--kubeconfig FILE is required (where to write the kubeconfig)');
  const port = portOption(v.port, 0);
  return { kubeconfig: resolve(v.kubeconfig), port, host: v.host ?? '127.0.0.1' };
}
