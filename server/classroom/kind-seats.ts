// Seats on one shared kind cluster: a namespace per seat, a ServiceAccount whose RBAC reaches only that
// namespace (the `edit` role there, which Knative's aggregated roles extend to Services, Routes and Revisions),
// read access to nodes (the lesson's first command), a quota and default requests so one learner cannot starve the
// others, and a kubeconfig with a bound token and the namespace as its default. OpenFaaS CE serves a single
// function namespace (openfaas-fn) with one admin password: on kind, learners share it (docs/scaling.md).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import type { Exec } from '../clusters/kind/provision/provision-tools.js';
import type { Gateways } from '../lessons/checkers/context.js';
import type { EnvironmentFactory, SeatEnvironment, SeatUser } from './seat-environment.js';

export const LEARNER_SA = 'learner';
export const LEARNER_CLUSTER_ROLE = 'kubeclass-learner';
/** Long enough for a workshop day; the seat's namespace (and so the account) goes when the seat expires. */
export const TOKEN_DURATION = '24h';

export function seatNamespace(name: string): string {
  return `kubeclass-${name}`;
}

export function seatManifests(name: string): Record<string, unknown>[] {
  const ns = seatNamespace(name);
  const labels = { 'app.kubernetes.io/managed-by': 'kubeclass', 'kubeclass.dev/seat': name };
  const subject = [{ kind: 'ServiceAccount', name: LEARNER_SA, namespace: ns }];
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: LEARNER_SA, namespace: ns, labels } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'learner-edit', namespace: ns, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subjects: subject,
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: LEARNER_CLUSTER_ROLE, labels: { 'app.kubernetes.io/managed-by': 'kubeclass' } },
      rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: `${LEARNER_CLUSTER_ROLE}-${name}`, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: LEARNER_CLUSTER_ROLE },
      subjects: subject,
    },
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'seat', namespace: ns, labels },
      spec: { hard: { pods: '20', 'requests.cpu': '2', 'requests.memory': '2Gi', 'limits.memory': '4Gi' } },
    },
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'seat', namespace: ns, labels },
      spec: { limits: [{ type: 'Container', defaultRequest: { cpu: '25m', memory: '32Mi' }, default: { memory: '256Mi' } }] },
    },
  ];
}

/** The learner's kubeconfig: the cluster of the admin's, the seat's token, the seat's namespace by default. */
export function seatKubeconfig(adminKubeconfig: string, namespace: string, token: string): string {
  const admin = parse(adminKubeconfig) as { clusters?: { name: string; cluster: Record<string, unknown> }[] };
  const cluster = admin.clusters?.[0];
  if (!cluster) throw new Error('the kind kubeconfig names no cluster');
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster.name, cluster: cluster.cluster }],
    users: [{ name: namespace, user: { token } }],
    contexts: [{ name: namespace, context: { cluster: cluster.name, user: namespace, namespace } }],
    'current-context': namespace,
  });
}

export interface KindSeatOptions {
  /** The admin kubeconfig of the kind cluster (kubeclass cluster up wrote it). */
  adminKubeconfig: string;
  gateways: Gateways;
  makeUser: (name: string) => Promise<SeatUser | undefined>;
  exec: Exec;
  env: NodeJS.ProcessEnv;
}

/** A namespace id of its own for each seat made: a restarted server's seat3 must not land in a kept seat3's namespace. */
function clusterSeatId(name: string): string {
  return `${name}-${randomBytes(3).toString('hex')}`;
}

export class KindSeat implements SeatEnvironment {
  readonly kind = 'kind';
  private currentKubeconfig: string;

  private constructor(
    readonly name: string,
    /** The namespace's id (kubeclass-<id>): the seat's, or the one it took back from before a restart. */
    private clusterSeat: string,
    readonly user: SeatUser | undefined,
    kubeconfig: string,
    readonly gateways: Gateways,
    readonly server: string,
    private readonly options: KindSeatOptions,
  ) {
    this.currentKubeconfig = kubeconfig;
  }

  static factory(options: KindSeatOptions): EnvironmentFactory {
    return {
      async create(name) {
        const id = clusterSeatId(name);
        const token = await prepareNamespace(options, id);
        const admin = readFileSync(options.adminKubeconfig, 'utf8');
        const server = String((parse(admin) as { clusters?: { cluster: { server?: string } }[] }).clusters?.[0]?.cluster.server ?? '');
        return new KindSeat(name, id, await options.makeUser(name), seatKubeconfig(admin, seatNamespace(id), token), options.gateways, server, options);
      },
    };
  }

  get kubeconfig(): string {
    return this.currentKubeconfig;
  }

  get namespace(): string {
    return seatNamespace(this.clusterSeat);
  }

  /** The cluster outlives the server: what is saved is which namespace is the learner's. */
  async saveState(): Promise<string> {
    return JSON.stringify({ namespace: this.clusterSeat });
  }

  /**
   * Takes the learner's namespace back from before the restart (its RBAC made again if need be, a new token) and
   * gives up the fresh one. When that namespace is gone, the learner keeps the fresh one, and it is said.
   */
  async restoreState(state: string): Promise<{ restored: string; failed: string[] }> {
    const saved = (JSON.parse(state) as { namespace?: unknown }).namespace;
    if (typeof saved !== 'string' || !/^seat\d+-[0-9a-f]{6}$/.test(saved)) throw new Error('the saved seat names no namespace kubeclass made');
    const kept = await kubectlAsAdmin(this.options, ['get', 'namespace', seatNamespace(saved), '--ignore-not-found', '-o', 'name']);
    if (!kept.trim()) return { restored: 'nothing', failed: [`namespace ${seatNamespace(saved)} is gone from the cluster`] };
    const token = await prepareNamespace(this.options, saved);
    await removeNamespace(this.options, this.clusterSeat);
    this.clusterSeat = saved;
    this.currentKubeconfig = seatKubeconfig(readFileSync(this.options.adminKubeconfig, 'utf8'), seatNamespace(saved), token);
    return { restored: `namespace ${seatNamespace(saved)}`, failed: [] };
  }

  /** The server stops: the namespace stays for the learner's return. */
  async suspend(): Promise<void> {}

  /** The namespace and everything in it go (asynchronously, as kubectl's --wait=false); the binding too. */
  async dispose(): Promise<void> {
    await removeNamespace(this.options, this.clusterSeat);
  }
}

async function kubectlAsAdmin(options: KindSeatOptions, args: string[], input?: string): Promise<string> {
  const out = await options.exec('kubectl', ['--kubeconfig', options.adminKubeconfig, ...args], { env: options.env, signal: new AbortController().signal, ...(input === undefined ? {} : { input }), timeoutMs: 60_000 });
  if (out.code !== 0) throw new Error(`kubectl ${args[0]} failed: ${(out.stderr || out.stdout).trim()}`);
  return out.stdout;
}

/** The seat's namespace, account, RBAC and limits applied (made, or made whole again), and a new token for it. */
async function prepareNamespace(options: KindSeatOptions, id: string): Promise<string> {
  await kubectlAsAdmin(options, ['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: seatManifests(id) }));
  return (await kubectlAsAdmin(options, ['create', 'token', LEARNER_SA, '-n', seatNamespace(id), `--duration=${TOKEN_DURATION}`])).trim();
}

async function removeNamespace(options: KindSeatOptions, id: string): Promise<void> {
  await kubectlAsAdmin(options, ['delete', 'namespace', seatNamespace(id), '--wait=false', '--ignore-not-found']);
  await kubectlAsAdmin(options, ['delete', 'clusterrolebinding', `${LEARNER_CLUSTER_ROLE}-${id}`, '--ignore-not-found']);
}
