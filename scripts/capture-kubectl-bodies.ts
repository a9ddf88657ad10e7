// Captures the request bodies real kubectl sends for the commands below (a sandbox behind a recording
// proxy) into test/fixtures/protobuf/<name>.bin, and prints every write request it saw, so the protobuf
// schemas can be checked against what kubectl actually sends. Beside each body, <name>.json is what the
// same command prints with `--dry-run=client -o json`: the same object as Go's JSON encoder writes it.
//   npm run build && node dist/scripts/capture-kubectl-bodies.js [name ...]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../server/clusters/sandbox/sandbox-server.js';
import { createCertificates } from '../server/clusters/sandbox/tls.js';
import { Kubectl } from '../test/support/kubectl.js';
import { startRecordingProxy } from '../test/support/recording-proxy.js';

interface Capture {
  args: string[];
  /** Run first (e.g. `apply -f -` of a manifest the command needs), with its stdin. */
  setup?: { args: string[]; input: string };
}

const WEB_DEPLOYMENT = JSON.stringify({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 8080 }] }] } } },
});

const CRONJOB_CRD = JSON.stringify({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'cronjobs.batch' },
  spec: {
    group: 'batch',
    scope: 'Namespaced',
    names: { plural: 'cronjobs', singular: 'cronjob', kind: 'CronJob' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
  },
});

/** name -> what to run; the fixture is the last protobuf body the command sent. */
const COMMANDS: Record<string, Capture> = {
  'configmap-literals': { args: ['create', 'configmap', 'cfg', '--from-literal=a=1', '--from-literal=empty='] },
  'secret-generic': { args: ['create', 'secret', 'generic', 'pw', '--from-literal=password=hunter2'] },
  'namespace-team': { args: ['create', 'namespace', 'team'] },
  'serviceaccount-robot': { args: ['create', 'serviceaccount', 'robot'] },
  'deployment-web': { args: ['create', 'deployment', 'web', '--image=nginx', '--replicas=2', '--port=80'] },
  'deployment-zero': { args: ['create', 'deployment', 'zero', '--image=nginx', '--replicas=0'] },
  'deployment-command': { args: ['create', 'deployment', 'sleeper', '--image=busybox', '--', 'sleep', '3600'] },
  'deployment-two-images': { args: ['create', 'deployment', 'pair', '--image=nginx', '--image=busybox:1.36'] },
  'pod-solo': { args: ['run', 'solo', '--image=busybox', '--restart=Never', '--', 'echo', 'hi'] },
  'pod-web': { args: ['run', 'web', '--image=nginx', '--port=80', '--labels=app=web', '--env=A=b'] },
  'service-clusterip': { args: ['create', 'service', 'clusterip', 'cip', '--tcp=80:8080'] },
  'service-nodeport': { args: ['create', 'service', 'nodeport', 'np', '--tcp=80:8080', '--node-port=30080'] },
  'service-loadbalancer': { args: ['create', 'service', 'loadbalancer', 'lb', '--tcp=443:8443', '--tcp=80'] },
  'service-headless': { args: ['create', 'service', 'clusterip', 'headless', '--clusterip=None'] },
  'service-externalname': { args: ['create', 'service', 'externalname', 'ext', '--external-name=example.com'] },
  'expose-web': { setup: { args: ['apply', '-f', '-'], input: WEB_DEPLOYMENT }, args: ['expose', 'deployment', 'web', '--port=80', '--target-port=8080', '--type=NodePort'] },
  'expose-named-port': { args: ['expose', 'deployment', 'web', '--name=web-named', '--port=80', '--target-port=http', '--protocol=UDP'] },
  'job-hello': { args: ['create', 'job', 'hello', '--image=busybox', '--', 'echo', 'hi'] },
  // The sandbox does not serve batch: a CRD of the same name makes discovery find cronjobs, the proxy answers
  // the GET, and kubectl copies the template into a Job it sends as protobuf, zero values and all.
  'job-from-cronjob': { setup: { args: ['apply', '-f', '-'], input: CRONJOB_CRD }, args: ['create', 'job', 'rich-run', '--from=cronjob/rich'] },
  'cronjob-tick': { args: ['create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/5 * * * *', '--restart=OnFailure', '--', 'date'] },
  'ingress-web': { args: ['create', 'ingress', 'web', '--rule=example.com/=web:80'] },
  'ingress-rich': {
    args: ['create', 'ingress', 'rich', '--class=nginx', '--rule=foo.com/bar*=svc1:8080,tls=my-cert', '--rule=/api=api:http', '--default-backend=fallback:http', '--annotation=team=a'],
  },
  'scale-web': { setup: { args: ['apply', '-f', '-'], input: WEB_DEPLOYMENT }, args: ['scale', 'deployment', 'web', '--replicas=3'] },
  'scale-web-to-zero': { args: ['scale', 'deployment', 'web', '--replicas=0'] },
  'scale-web-precondition': { args: ['scale', 'deployment/web', '--replicas=5', '--current-replicas=3'] },
  'scale-web-zero': { args: ['scale', 'deployment/web', '--replicas=0', '--current-replicas=3'] },
};

/** The CronJob `job-from-cronjob` copies: kubectl GETs it (answered here) and POSTs its job template as protobuf. */
function richCronJob(): unknown {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'rich', namespace: 'default', uid: '6a1f0c3e-0000-4000-8000-000000000001' },
    spec: {
      schedule: '0 * * * *',
      jobTemplate: {
        metadata: { labels: { job: 'rich' } },
        spec: { parallelism: 2, completions: 4, backoffLimit: 0, activeDeadlineSeconds: 120, ttlSecondsAfterFinished: 30, template: richPodTemplate() },
      },
    },
  };
}

/** A PodSpec with the fields learners use, to check their field numbers against kubectl's encoder. */
function richPodTemplate(): unknown {
  return {
    metadata: { labels: { app: 'rich' } },
    spec: {
      containers: [
        {
          name: 'rich',
          image: 'nginx',
          command: ['sh', '-c'],
          args: ['nginx -g "daemon off;"'],
          workingDir: '/srv',
          ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
          env: [
            { name: 'PLAIN', value: 'x' },
            { name: 'FROM_CM', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k', optional: true } } },
            { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 'sec', key: 'pw' } } },
            { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
            { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
          ],
          envFrom: [{ prefix: 'CM_', configMapRef: { name: 'cfg' } }, { secretRef: { name: 'sec', optional: false } }],
          resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m' } },
          volumeMounts: [
            { name: 'scratch', mountPath: '/scratch' },
            { name: 'conf', mountPath: '/etc/conf', readOnly: true, subPath: 'app.conf' },
          ],
          livenessProbe: { httpGet: { path: '/healthz', port: 80, scheme: 'HTTP', httpHeaders: [{ name: 'X-Probe', value: '1' }] }, initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3, successThreshold: 1 },
          readinessProbe: { tcpSocket: { port: 'http' }, periodSeconds: 3 },
          startupProbe: { exec: { command: ['cat', '/tmp/ready'] }, failureThreshold: 30 },
          imagePullPolicy: 'IfNotPresent',
          securityContext: { runAsUser: 1000, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } },
          stdin: true,
          tty: true,
          lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } },
        },
      ],
      initContainers: [{ name: 'init', image: 'busybox', command: ['sh', '-c', 'true'] }],
      volumes: [
        { name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
        { name: 'conf', configMap: { name: 'cfg', items: [{ key: 'app.conf', path: 'app.conf', mode: 420 }], defaultMode: 420, optional: true } },
        { name: 'creds', secret: { secretName: 'sec', defaultMode: 256 } },
        { name: 'data', persistentVolumeClaim: { claimName: 'data', readOnly: true } },
        { name: 'host', hostPath: { path: '/var/log', type: 'Directory' } },
      ],
      restartPolicy: 'OnFailure',
      terminationGracePeriodSeconds: 0,
      activeDeadlineSeconds: 600,
      dnsPolicy: 'ClusterFirst',
      nodeSelector: { disktype: 'ssd' },
      serviceAccountName: 'robot',
      automountServiceAccountToken: false,
      nodeName: 'kubeclass-control-plane',
      hostNetwork: false,
      securityContext: { runAsUser: 1000, runAsGroup: 3000, fsGroup: 2000, runAsNonRoot: true },
      imagePullSecrets: [{ name: 'regcred' }],
      hostname: 'rich',
      subdomain: 'sub',
      tolerations: [{ key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule', tolerationSeconds: 60 }],
      priorityClassName: 'high',
      schedulerName: 'default-scheduler',
      enableServiceLinks: false,
    },
  };
}

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'protobuf');
const wanted = process.argv.slice(2);

const sandbox = await startSandbox();
const proxy = await startRecordingProxy(sandbox, await createCertificates(['127.0.0.1']), (method, path) => {
  if (method !== 'GET') return undefined;
  if (path.startsWith('/apis/batch/v1/namespaces/default/cronjobs/rich')) return richCronJob();
  // The sandbox has no scale subresource yet: answer it so `--current-replicas` shows what follows.
  if (path.startsWith('/apis/apps/v1/namespaces/default/deployments/web/scale')) {
    return { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: 'web', namespace: 'default', resourceVersion: '42' }, spec: { replicas: 3 }, status: { replicas: 3, selector: 'app=web' } };
  }
  return undefined;
});
const kubectl = new Kubectl(proxy.url, sandbox.token, proxy.caPem);
mkdirSync(fixtures, { recursive: true });
try {
  for (const [name, { args, setup }] of Object.entries(COMMANDS)) {
    if (wanted.length > 0 && !wanted.includes(name)) continue;
    if (setup) await kubectl.run(setup.args, setup.input);
    const seen = proxy.requests.length;
    const result = await kubectl.run(args);
    console.log(`## ${name}: kubectl ${args.join(' ')} -> exit ${result.code} ${(result.stdout + result.stderr).trim().slice(0, 300)}`);
    let last: Buffer | undefined;
    for (const r of proxy.requests.slice(seen)) {
      const isProtobuf = r.contentType?.includes('protobuf') === true;
      const shown = r.body.length === 0 ? '' : isProtobuf ? `<${r.body.length} bytes protobuf>` : r.body.toString('utf8');
      console.log(`   ${r.method} ${r.path} [${r.contentType ?? '-'}] accept=${r.accept ?? '-'} ${shown}`);
      if (isProtobuf && r.method !== 'GET') last = r.body;
    }
    if (last) {
      writeFileSync(join(fixtures, `${name}.bin`), last);
      const dash = args.indexOf('--');
      const dryRun = dash < 0 ? [...args, '--dry-run=client', '-o', 'json'] : [...args.slice(0, dash), '--dry-run=client', '-o', 'json', ...args.slice(dash)];
      const printed = await kubectl.run(dryRun);
      if (printed.code !== 0) throw new Error(`kubectl ${dryRun.join(' ')}: ${printed.stderr}`);
      writeFileSync(join(fixtures, `${name}.json`), printed.stdout);
    }
  }
} finally {
  kubectl.dispose();
  await proxy.close();
  await sandbox.close();
}
