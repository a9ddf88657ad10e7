// What the apiserver fills into pods and pod templates on create (defaulting, plus the ServiceAccount and
// Priority admission plugins for pods), so `kubectl get pod -o yaml` and `kubectl describe` show what kind shows.
import { isRecord, type KubeObject } from './kube-object.js';
import { randomSuffix } from './names.js';
import { qosClass } from './controllers/pod-status.js';

const TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

/** A pod template's defaults (Deployments, DaemonSets, CronJobs' job templates): its pod spec's. */
export function defaultPodTemplate(template: Record<string, unknown>): void {
  template.metadata ??= {};
  const podSpec = isRecord(template.spec) ? template.spec : {};
  template.spec = podSpec;
  defaultPodSpec(podSpec);
}

/** A pod template's spec (Deployments, ReplicaSets, Jobs): defaulting only. */
export function defaultPodSpec(spec: Record<string, unknown>): void {
  for (const list of ['initContainers', 'containers']) {
    if (!Array.isArray(spec[list])) continue;
    for (const c of (spec[list] as unknown[]).filter(isRecord)) defaultContainer(c);
  }
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.restartPolicy ??= 'Always';
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= 30;
}

function defaultContainer(c: Record<string, unknown>): void {
  if (c.imagePullPolicy === undefined && typeof c.image === 'string') c.imagePullPolicy = defaultPullPolicy(c.image);
  c.resources ??= {};
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  if (Array.isArray(c.ports)) for (const p of c.ports.filter(isRecord)) p.protocol ??= 'TCP';
}

/** Always for `:latest` or no tag (and no digest), IfNotPresent otherwise. */
export function defaultPullPolicy(image: string): string {
  if (image.includes('@')) return 'IfNotPresent';
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  const tag = colon === -1 ? '' : image.slice(colon + 1);
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** The built-in PriorityClasses every cluster has (the Priority admission plugin resolves them). */
const SYSTEM_PRIORITIES: Readonly<Record<string, number>> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };

/** A pod: defaulting, then what admission adds (service account token volume, tolerations, priority). */
export function defaultPod(pod: KubeObject): void {
  const spec = isRecord(pod.spec) ? pod.spec : {};
  pod.spec = spec;
  defaultPodSpec(spec);
  spec.enableServiceLinks ??= true;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  spec.priority ??= typeof spec.priorityClassName === 'string' ? (SYSTEM_PRIORITIES[spec.priorityClassName] ?? 0) : 0;
  // The ServiceAccount admission plugin leaves the kubelet's mirror pods alone: no account, no token volume.
  if (pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined) {
    pod.status = { phase: 'Pending', qosClass: qosClass(pod) };
    return;
  }
  spec.serviceAccountName ??= typeof spec.serviceAccount === 'string' ? spec.serviceAccount : 'default';
  spec.serviceAccount = spec.serviceAccountName;
  const tolerations = Array.isArray(spec.tolerations) ? spec.tolerations.filter(isRecord) : [];
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!tolerations.some((t) => t.key === key)) tolerations.push({ effect: 'NoExecute', key, operator: 'Exists', tolerationSeconds: 300 });
  }
  spec.tolerations = tolerations;
  if (spec.automountServiceAccountToken !== false) addTokenVolume(spec);
  pod.status = { phase: 'Pending', qosClass: qosClass(pod) };
}

/** The projected token volume the ServiceAccount admission plugin mounts into every container. */
function addTokenVolume(spec: Record<string, unknown>): void {
  const volumes = Array.isArray(spec.volumes) ? spec.volumes.filter(isRecord) : [];
  if (volumes.some((v) => typeof v.name === 'string' && v.name.startsWith('kube-api-access-'))) return;
  const name = `kube-api-access-${randomSuffix()}`;
  volumes.push({
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
        { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
      ],
    },
  });
  spec.volumes = volumes;
  for (const list of ['initContainers', 'containers']) {
    if (!Array.isArray(spec[list])) continue;
    for (const c of (spec[list] as unknown[]).filter(isRecord)) {
      const mounts = Array.isArray(c.volumeMounts) ? c.volumeMounts.filter(isRecord) : [];
      if (mounts.some((m) => m.mountPath === TOKEN_PATH)) continue;
      mounts.push({ mountPath: TOKEN_PATH, name, readOnly: true });
      c.volumeMounts = mounts;
    }
  }
}

/** Deployments and ReplicaSets: replicas, strategy, history and deadline defaults, and their template's. */
export function defaultWorkload(obj: KubeObject): void {
  const spec = isRecord(obj.spec) ? obj.spec : {};
  obj.spec = spec;
  spec.replicas ??= 1;
  if (obj.kind === 'Deployment') {
    spec.progressDeadlineSeconds ??= 600;
    spec.revisionHistoryLimit ??= 10;
    const strategy = isRecord(spec.strategy) ? spec.strategy : {};
    strategy.type ??= 'RollingUpdate';
    if (strategy.type === 'RollingUpdate') {
      const rolling = isRecord(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
      rolling.maxSurge ??= '25%';
      rolling.maxUnavailable ??= '25%';
      strategy.rollingUpdate = rolling;
    }
    spec.strategy = strategy;
  }
  if (isRecord(spec.template)) defaultPodTemplate(spec.template);
}

/** A DaemonSet's defaults: no replicas; a rolling update one node at a time, ten old revisions kept. */
export function defaultDaemonSet(obj: KubeObject): void {
  const spec = isRecord(obj.spec) ? obj.spec : {};
  obj.spec = spec;
  spec.revisionHistoryLimit ??= 10;
  const strategy = isRecord(spec.updateStrategy) ? spec.updateStrategy : {};
  strategy.type ??= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rolling = isRecord(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
    rolling.maxUnavailable ??= 1;
    rolling.maxSurge ??= 0;
    strategy.rollingUpdate = rolling;
  }
  spec.updateStrategy = strategy;
  if (isRecord(spec.template)) defaultPodTemplate(spec.template);
}
