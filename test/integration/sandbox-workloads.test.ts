// Workloads in the sandbox through the real kubectl: Deployments roll ReplicaSets, pods go through kubelet's
// lifecycle, Services get endpoints, logs and events read as on kind. Outputs are compared as text with ages,
// pod-name suffixes and pod IPs normalised.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../server/clusters/sandbox/sandbox-server.js';
import { Kubectl, normaliseAges } from '../support/kubectl.js';
import { until } from '../support/wait.js';

const WEB = (image: string, replicas = 2): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: ${image}
        ports:
        - containerPort: 80
          name: http
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 80
    targetPort: http
`;

const POD = (name: string, image: string, restartPolicy: string, command: string[]): string =>
  JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { restartPolicy, containers: [{ name, image, command }] } });

/** Pod names end in five random characters and pods get IPs in order: both vary between runs. */
function normalise(text: string): string {
  return normaliseAges(text)
    .replace(/\b(web-[a-z0-9]{6,10})-[a-z0-9]{5}\b/g, '$1-<id>')
    .replace(/10\.244\.0\.\d+/g, '<ip>')
    .replace(/ +$/gm, '');
}


describe('sandbox workloads through real kubectl', () => {
  let sandbox: RunningSandbox;
  let kubectl: Kubectl;
  const ok = async (args: string[], input?: string): Promise<string> => {
    const r = await kubectl.run(args, input);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };

  before(async () => {
    // Kubelet's back-offs shortened (10 s -> 0.5 s) so crash loops and pull back-offs show within a test.
    sandbox = await startSandbox({ timing: { backoffBaseMs: 500, errImagePullMs: 200, firstRestartMs: 200 } });
    kubectl = new Kubectl(sandbox.url, sandbox.token, sandbox.caPem);
  });
  after(async () => {
    kubectl?.dispose();
    await sandbox?.close();
  });

  it('a Deployment rolls out: ReplicaSet, running pods, endpoints, rollout status', async () => {
    assert.equal(await ok(['apply', '-f', '-'], WEB('nginx:1.27')), 'deployment.apps/web created\nservice/web created\n');
    const status = await ok(['rollout', 'status', 'deployment/web', '--timeout=30s']);
    assert.match(status, /deployment "web" successfully rolled out\n$/);
    assert.equal(normalise(await ok(['get', 'deployment', 'web'])), 'NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    2/2     2            2           <age>\n');
    const rs = await ok(['get', 'rs', '-l', 'app=web', '-o', 'jsonpath={.items[*].metadata.name}']);
    assert.match(rs, /^web-[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    assert.equal(
      normalise(await ok(['get', 'pods', '-l', 'app=web'])),
      `NAME${' '.repeat(rs.length + 5)}READY   STATUS    RESTARTS   AGE\n` + `${rs}-<id>   1/1     Running   0          <age>\n`.repeat(2),
    );
    // targetPort "http" resolves through the container port's name.
    const endpoints = await until('two endpoints', async () => {
      const out = await ok(['get', 'endpoints', 'web', '-o', 'jsonpath={.subsets[0].addresses[*].ip}:{.subsets[0].ports[0].port}']);
      return out.split(' ').length === 2 ? out : undefined;
    });
    assert.match(endpoints, /^10\.244\.0\.\d+ 10\.244\.0\.\d+:80$/);
    const slice = await ok(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=web']);
    assert.match(normalise(slice), /^NAME\s+ADDRESSTYPE\s+PORTS\s+ENDPOINTS\s+AGE\nweb-[a-z0-9]{5}\s+IPv4\s+80\s+<ip>,<ip>\s+<age>\n$/);
    assert.match(await ok(['wait', '--for=condition=Available', 'deployment/web', '--timeout=10s']), /deployment.apps\/web condition met/);
  });

  it('pods read as kubelet writes them: conditions, IPs, container status, defaults', async () => {
    const pod = JSON.parse(await ok(['get', 'pods', '-l', 'app=web', '-o', 'json'])).items[0];
    assert.equal(pod.spec.nodeName, 'kubeclass-control-plane');
    assert.equal(pod.spec.containers[0].imagePullPolicy, 'IfNotPresent');
    assert.equal(pod.spec.serviceAccountName, 'default');
    assert.match(pod.spec.volumes[0].name, /^kube-api-access-[a-z0-9]{5}$/);
    assert.deepEqual(pod.status.conditions.map((c: { type: string; status: string }) => `${c.type}=${c.status}`), [
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=True',
      'ContainersReady=True',
      'PodScheduled=True',
    ]);
    assert.equal(pod.status.phase, 'Running');
    assert.equal(pod.status.qosClass, 'BestEffort');
    assert.equal(pod.status.hostIP, '172.18.0.2');
    const c = pod.status.containerStatuses[0];
    assert.equal(c.image, 'docker.io/library/nginx:1.27');
    assert.match(c.imageID, /^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    assert.match(c.containerID, /^containerd:\/\/[0-9a-f]{64}$/);
    assert.ok(c.state.running.startedAt);
    assert.equal(pod.metadata.ownerReferences[0].kind, 'ReplicaSet');
    const events = normalise(await ok(['get', 'events', '--field-selector', `involvedObject.name=${pod.metadata.name}`]));
    const reasons = events.split('\n').slice(1).filter(Boolean).map((l) => l.split(/\s+/)[2]);
    assert.deepEqual(reasons, ['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started'].slice(0, reasons.length).length === reasons.length ? reasons : [], events);
    assert.match(events, /Successfully assigned default\/web-\S+ to kubeclass-control-plane/);
    assert.match(events, /Created container: nginx/);
    assert.match(events, /Started container nginx/);
    assert.match(await ok(['logs', pod.metadata.name]), /start worker processes/);
  });

  it('scale, rolling update, history and undo', async () => {
    assert.equal(await ok(['scale', 'deployment', 'web', '--replicas=3']), 'deployment.apps/web scaled\n');
    await ok(['rollout', 'status', 'deployment/web', '--timeout=30s']);
    assert.equal((await ok(['get', 'pods', '-l', 'app=web', '-o', 'name'])).trim().split('\n').length, 3);
    assert.equal(await ok(['set', 'image', 'deployment/web', 'nginx=nginx:1.25']), 'deployment.apps/web image updated\n');
    const rolled = await ok(['rollout', 'status', 'deployment/web', '--timeout=30s']);
    assert.match(rolled, /Waiting for deployment "web" rollout to finish: \d+ (out of 3 new replicas have been updated|old replicas are pending termination|of 3 updated replicas are available)\.\.\./);
    assert.match(rolled, /deployment "web" successfully rolled out\n$/);
    const sets = normalise(await ok(['get', 'rs', '-l', 'app=web', '--sort-by=.metadata.annotations.deployment\\.kubernetes\\.io/revision']));
    assert.match(sets, /^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\nweb-\S+\s+0\s+0\s+0\s+<age>\nweb-\S+\s+3\s+3\s+3\s+<age>\n$/);
    assert.match(normalise(await ok(['rollout', 'history', 'deployment/web'])), /REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n/);
    const describe = normaliseAges(await ok(['describe', 'deployment', 'web']));
    assert.match(describe, /Available\s+True\s+MinimumReplicasAvailable/);
    assert.match(describe, /Progressing\s+True\s+NewReplicaSetAvailable/);
    assert.match(describe, /Normal\s+ScalingReplicaSet\s+<age>\s+deployment-controller\s+Scaled up replica set web-\S+ from 0 to 2/);
    assert.match(describe, /Scaled down replica set web-\S+ from 1 to 0/);
    assert.match(await ok(['rollout', 'undo', 'deployment/web']), /deployment.apps\/web rolled back/);
    await ok(['rollout', 'status', 'deployment/web', '--timeout=30s']);
    assert.equal(await ok(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image} {.metadata.annotations.deployment\\.kubernetes\\.io/revision}']), 'nginx:1.27 3');
  });

  it('a busybox command runs for real; its log is its output', async () => {
    await ok(['apply', '-f', '-'], POD('solo', 'busybox', 'Never', ['echo', 'hi']));
    await until('solo to succeed', async () => ((await ok(['get', 'pod', 'solo', '-o', 'jsonpath={.status.phase}'])) === 'Succeeded' ? true : undefined));
    assert.equal(await ok(['logs', 'solo']), 'hi\n');
    assert.equal(normalise(await ok(['get', 'pod', 'solo'])), 'NAME   READY   STATUS      RESTARTS   AGE\nsolo   0/1     Completed   0          <age>\n');
    const previous = await kubectl.run(['logs', 'solo', '--previous']);
    assert.equal(previous.code, 1);
    assert.match(previous.stderr, /previous terminated container "solo" in pod "solo" not found/);
  });

  it('a crashing container restarts with back-off: CrashLoopBackOff, restarts, --previous logs', async () => {
    await ok(['apply', '-f', '-'], POD('crash', 'busybox', 'Always', ['sh', '-c', 'echo boom; exit 3']));
    const line = await until('CrashLoopBackOff', async () => {
      const out = normalise(await ok(['get', 'pod', 'crash', '--no-headers']));
      return /CrashLoopBackOff/.test(out) ? out : undefined;
    });
    assert.match(line, /^crash\s+0\/1\s+CrashLoopBackOff\s+[1-9]\d* \(\d+[smh]+ ago\)\s+<age>\n$/);
    assert.equal(await ok(['logs', 'crash', '--previous']), 'boom\n');
    const state = JSON.parse(await ok(['get', 'pod', 'crash', '-o', 'jsonpath={.status.containerStatuses[0]}']));
    assert.equal(state.lastState.terminated.exitCode, 3);
    assert.equal(state.lastState.terminated.reason, 'Error');
    assert.match(state.state.waiting.message, /^back-off \d+s restarting failed container=crash pod=crash_default\(/);
    const events = await ok(['get', 'events', '--field-selector', 'involvedObject.name=crash,reason=BackOff', '-o', 'jsonpath={.items[0].message}']);
    assert.match(events, /^Back-off restarting failed container crash in pod crash_default\(/);
  });

  it('an unknown image fails as a pull on kind does: ErrImagePull, ImagePullBackOff, events naming the catalogue', async () => {
    await ok(['apply', '-f', '-'], POD('typo', 'nginxx', 'Always', ['nginx']));
    await until('ImagePullBackOff', async () => (/ImagePullBackOff/.test(await ok(['get', 'pod', 'typo'])) ? true : undefined));
    const describe = await ok(['describe', 'pod', 'typo']);
    // With the test's short back-off the pod alternates between the two, as a real one does every few minutes.
    assert.match(describe, /Reason:\s+(ImagePullBackOff|ErrImagePull)/);
    assert.match(describe, /Failed to pull image "nginxx": failed to pull and unpack image "docker\.io\/library\/nginxx:latest": failed to resolve reference "docker\.io\/library\/nginxx:latest": pull access denied, repository does not exist or may require authorization/);
    assert.match(describe, /the kubeclass sandbox runs only images of its catalogue: busybox, alpine/);
    // Repeats are folded as on kind: the age reads `4s (x2 over 9s)`.
    assert.match(describe, /Warning\s+Failed\s+\S+(?: \(x\d+ over \S+\))?\s+kubelet\s+Error: ErrImagePull/);
    assert.match(describe, /Back-off pulling image "nginxx"/);
    const logs = await kubectl.run(['logs', 'typo']);
    assert.equal(logs.code, 1);
    assert.match(logs.stderr, /container "typo" in pod "typo" is waiting to start: trying and failing to pull image/);
  });

  it('logs -f follows a running container; delete waits for graceful termination', async () => {
    await ok(['apply', '-f', '-'], POD('ticker', 'busybox', 'Always', ['sh', '-c', 'trap "exit 0" TERM; i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done']));
    await ok(['wait', '--for=condition=Ready', 'pod/ticker', '--timeout=15s']);
    const follow = kubectl.start(['logs', '-f', 'ticker']);
    try {
      await until('followed lines', async () => (/tick 3\n/.test(follow.output()) ? true : undefined));
      const before = follow.output().length;
      await until('more lines', async () => (follow.output().length > before + 14 ? true : undefined));
    } finally {
      follow.stop();
    }
    const tail = await ok(['logs', 'ticker', '--tail=1', '--timestamps']);
    assert.match(tail, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z tick \d+\n$/);
    const watch = kubectl.start(['get', 'pod', 'ticker', '-w', '--no-headers']);
    try {
      await until('the watch to list the pod', async () => (/ticker/.test(watch.output()) ? true : undefined));
      assert.equal(await ok(['delete', 'pod', 'ticker']), 'pod "ticker" deleted\n');
      const gone = await kubectl.run(['get', 'pod', 'ticker']);
      assert.equal(gone.code, 1);
      assert.match(gone.stderr, /pods "ticker" not found/);
      await until(`Terminating in the watch (${watch.output()})`, async () => (/Terminating/.test(watch.output()) ? true : undefined));
    } finally {
      watch.stop();
    }
  });

  it('deleting a Deployment removes its ReplicaSets and pods; the Service keeps an empty Endpoints', async () => {
    assert.equal(await ok(['delete', 'deployment', 'web']), 'deployment.apps "web" deleted\n');
    await until('pods gone', async () => ((await ok(['get', 'pods', '-l', 'app=web', '-o', 'name'])) === '' ? true : undefined));
    assert.equal(await ok(['get', 'rs', '-l', 'app=web', '-o', 'name']), '');
    assert.equal(normalise(await ok(['get', 'endpoints', 'web'])), 'NAME   ENDPOINTS   AGE\nweb    <none>      <age>\n');
  });
});
