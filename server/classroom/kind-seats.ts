// Seats on one shared kind cluster: a namespace per seat, a ServiceAccount whose RBAC reaches only that
// namespace (the `edit` role there, which Knative's aggregated roles extend to Services, Routes and Revisions),
// read access to nodes (the lesson's first command), a quota and default requests so one learner cannot starve the
// others, and a kubeconfig with a bound token and the namespace as its default. OpenFaaS CE serves a single
// function namespace (openfaas-fn) with one admin password: on kind, learners share it (docs/scaling.md).
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
  makeUser: (name: string) => SeatUser | undefined;
  exec: Exec;
  env: NodeJS.ProcessEnv;
}

export class KindSeat implements SeatEnvironment {
  readonly kind = 'kind';

  private constructor(
    readonly name: string,
    readonly user: SeatUser | undefined,
    readonly kubeconfig: string,
    readonly gateways: Gateways,
    readonly server: string,
    private readonly options: KindSeatOptions,
  ) {}

  static factory(options: KindSeatOptions): EnvironmentFactory {
    const kubectl = async (args: string[], input?: string): Promise<string> => {
      const out = await options.exec('kubectl', ['--kubeconfig', options.adminKubeconfig, ...args], { env: options.env, signal: new AbortController().signal, ...(input === undefined ? {} : { input }), timeoutMs: 60_000 });
      if (out.code !== 0) throw new Error(`kubectl ${args[0]} failed: ${(out.stderr || out.stdout).trim()}`);
      return out.stdout;
    };
    return {
      async create(name) {
        const ns = seatNamespace(name);
        await kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: seatManifests(name) }));
        const token = (await kubectl(['create', 'token', LEARNER_SA, '-n', ns, `--duration=${TOKEN_DURATION}`])).trim();
        const admin = readFileSync(options.adminKubeconfig, 'utf8');
        const server = String((parse(admin) as { clusters?: { cluster: { server?: string } }[] }).clusters?.[0]?.cluster.server ?? '');
        return new KindSeat(name, options.makeUser(name), seatKubeconfig(admin, ns, token), options.gateways, server, options);
      },
    };
  }

  /** The namespace and everything in it go (asynchronously, as kubectl's --wait=false); the binding too. */
  async dispose(): Promise<void> {
    const run = (args: string[]) => this.options.exec('kubectl', ['--kubeconfig', this.options.adminKubeconfig, ...args], { env: this.options.env, signal: new AbortController().signal, timeoutMs: 60_000 });
    await run(['delete', 'namespace', seatNamespace(this.name), '--wait=false', '--ignore-not-found']);
    await run(['delete', 'clusterrolebinding', `${LEARNER_CLUSTER_ROLE}-${this.name}`, '--ignore-not-found']);
  }
}
