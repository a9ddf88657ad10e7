import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../server/clusters/sandbox/kube-object.js';
import {
  age,
  builtinPrinters,
  crdPrinter,
  defaultPrinter,
  evaluateJsonPath,
  humanDuration,
  JsonPathError,
  parseJsonPath,
  renderTable,
  type TablePrinter,
} from '../../server/clusters/sandbox/tables/index.js';

const NOW = Date.parse('2025-01-15T12:00:00Z');
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

/** An RFC3339 timestamp `ms` before NOW, as the apiserver writes them (whole seconds). */
function ago(ms: number): string {
  return new Date(NOW - ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

function printer(key: string): TablePrinter {
  const found = builtinPrinters[key];
  assert.ok(found, `no printer for ${key}`);
  return found;
}

function names(p: TablePrinter): string[] {
  return p.columns.map((c) => c.name);
}

function priorities(p: TablePrinter): number[] {
  return p.columns.map((c) => c.priority);
}

function obj(apiVersion: string, kind: string, name: string, rest: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion,
    kind,
    metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '100', creationTimestamp: ago(5 * M), ...meta },
    ...rest,
  };
}

describe('humanDuration', () => {
  const cases: Array<[number, string]> = [
    [-2 * S, '<invalid>'],
    [-1999, '0s'], // Go truncates -1.999s to -1s: still "almost now"
    [-S, '0s'],
    [0, '0s'],
    [999, '0s'],
    [S, '1s'],
    [59 * S, '59s'],
    [70 * S, '70s'],
    [119 * S + 999, '119s'],
    [120 * S, '2m'],
    [121 * S, '2m1s'],
    [190 * S, '3m10s'],
    [9 * M + 59 * S, '9m59s'],
    [10 * M, '10m'],
    [10 * M + 59 * S, '10m'],
    [70 * M, '70m'],
    [179 * M + 59 * S, '179m'],
    [180 * M, '3h'],
    [3 * H + 1 * M, '3h1m'],
    [7 * H + 59 * M, '7h59m'],
    [8 * H, '8h'],
    [47 * H + 59 * M, '47h'],
    [48 * H, '2d'],
    [49 * H, '2d1h'],
    [7 * D + 23 * H, '7d23h'],
    [8 * D + 2 * H, '8d'],
    [367 * D, '367d'],
    [729 * D + 23 * H, '729d'],
    [730 * D, '2y'],
    [365 * 2 * D + 25 * H, '2y1d'],
    [365 * 8 * D - D, '7y364d'],
    [365 * 8 * D + 2 * H, '8y'],
    [365 * 20 * D, '20y'],
  ];
  for (const [ms, want] of cases) {
    it(`${ms}ms -> ${want}`, () => assert.equal(humanDuration(ms), want));
  }

  it('ages from creationTimestamp, <unknown> without one', () => {
    assert.equal(age(obj('v1', 'Pod', 'a', {}, { creationTimestamp: ago(90 * S) }), NOW), '90s');
    assert.equal(age(obj('v1', 'Pod', 'a', {}, { creationTimestamp: undefined }), NOW), '<unknown>');
    assert.equal(age(obj('v1', 'Pod', 'a', {}, { creationTimestamp: '0001-01-01T00:00:00Z' }), NOW), '<unknown>');
  });
});

function pod(name: string, spec: Record<string, unknown>, status: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject {
  return obj('v1', 'Pod', name, { spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ...spec }, status }, meta);
}

const running = { running: { startedAt: ago(4 * M) } };

describe('pod printer', () => {
  const pods = printer('/pods');

  it('declares the 1.32 columns', () => {
    assert.deepEqual(names(pods), ['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', 'Node', 'Nominated Node', 'Readiness Gates']);
    assert.deepEqual(priorities(pods), [0, 0, 0, 0, 0, 1, 1, 1, 1]);
    assert.equal(pods.columns[3]?.type, 'string'); // RESTARTS became a string with "(x ago)"
    assert.equal(pods.columns[0]?.format, 'name');
  });

  it('prints a running pod', () => {
    const p = pod(
      'nginx-7c5ddbdf54-x8f2k',
      { nodeName: 'kind-control-plane' },
      {
        phase: 'Running',
        podIP: '10.244.0.5',
        podIPs: [{ ip: '10.244.0.5' }],
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [{ name: 'app', ready: true, started: true, restartCount: 0, state: running }],
      },
    );
    assert.deepEqual(pods.cells(p, NOW), ['nginx-7c5ddbdf54-x8f2k', '1/1', 'Running', '0', '5m', '10.244.0.5', 'kind-control-plane', '<none>', '<none>']);
    assert.equal(pods.conditions?.(p), undefined);
  });

  it('prints restarts with the time of the last one', () => {
    const p = pod('crashy', { nodeName: 'node-1' }, {
      phase: 'Running',
      podIPs: [{ ip: '10.244.1.7' }],
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          restartCount: 4,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 1m20s restarting failed container' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(90 * S) } },
        },
      ],
    });
    assert.deepEqual(pods.cells(p, NOW).slice(0, 4), ['crashy', '0/1', 'CrashLoopBackOff', '4 (90s ago)']);
  });

  it('prints image pull failures and a creating container', () => {
    const waiting = (reason: string) =>
      pod('web', { nodeName: 'node-1' }, {
        phase: 'Pending',
        containerStatuses: [{ name: 'app', ready: false, restartCount: 0, image: 'nginx:nope', state: { waiting: { reason } } }],
      });
    assert.deepEqual(pods.cells(waiting('ErrImagePull'), NOW).slice(1, 4), ['0/1', 'ErrImagePull', '0']);
    assert.equal(pods.cells(waiting('ImagePullBackOff'), NOW)[2], 'ImagePullBackOff');
    assert.equal(pods.cells(waiting('ContainerCreating'), NOW)[2], 'ContainerCreating');
  });

  it('prints a pending pod nobody scheduled yet', () => {
    const p = pod('pending', {}, { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] });
    assert.deepEqual(pods.cells(p, NOW), ['pending', '0/1', 'Pending', '0', '5m', '<none>', '<none>', '<none>', '<none>']);
    const gated = pod('gated', {}, { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] });
    assert.equal(pods.cells(gated, NOW)[2], 'SchedulingGated');
  });

  it('prints a completed Job pod and marks the row Completed', () => {
    const p = pod(
      'pi-7xq2m',
      { nodeName: 'node-1', restartPolicy: 'Never' },
      {
        phase: 'Succeeded',
        podIPs: [{ ip: '10.244.1.9' }],
        containerStatuses: [
          {
            name: 'pi',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: ago(4 * M), finishedAt: ago(3 * M) } },
          },
        ],
      },
      { labels: { 'batch.kubernetes.io/job-name': 'pi' } },
    );
    assert.deepEqual(pods.cells(p, NOW).slice(0, 5), ['pi-7xq2m', '0/1', 'Completed', '0', '5m']);
    assert.deepEqual(pods.conditions?.(p), [
      { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
    ]);
  });

  it('prints a failed pod, with or without a reason', () => {
    const failed = (terminated: Record<string, unknown>) =>
      pod('job-fail', {}, { phase: 'Failed', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { terminated } }] });
    assert.equal(pods.cells(failed({ exitCode: 1, reason: 'Error' }), NOW)[2], 'Error');
    assert.equal(pods.cells(failed({ exitCode: 137 }), NOW)[2], 'ExitCode:137');
    assert.equal(pods.cells(failed({ exitCode: 0, signal: 9 }), NOW)[2], 'Signal:9');
    assert.deepEqual(pods.conditions?.(failed({ exitCode: 1, reason: 'Error' })), [
      { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
    ]);
  });

  it('prints Terminating while a deleted pod still runs, but not for a finished one', () => {
    const status = { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running }] };
    assert.equal(pods.cells(pod('going', {}, status, { deletionTimestamp: ago(-30 * S) }), NOW)[2], 'Terminating');
    const lost = { ...status, reason: 'NodeLost' };
    assert.equal(pods.cells(pod('lost', {}, lost, { deletionTimestamp: ago(0) }), NOW)[2], 'Unknown');
    const done = { phase: 'Succeeded', containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 0, reason: 'Completed' } } }] };
    assert.equal(pods.cells(pod('done', {}, done, { deletionTimestamp: ago(0) }), NOW)[2], 'Completed');
  });

  it('prints init containers, and counts a started sidecar as a container', () => {
    const spec = { initContainers: [{ name: 'migrate', image: 'migrate:1' }] };
    const initRunning = pod('init', spec, {
      phase: 'Pending',
      initContainerStatuses: [{ name: 'migrate', ready: false, restartCount: 0, state: running }],
      containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }],
    });
    assert.deepEqual(pods.cells(initRunning, NOW).slice(1, 4), ['0/1', 'Init:0/1', '0']);
    const initPull = pod('init', spec, {
      phase: 'Pending',
      initContainerStatuses: [{ name: 'migrate', ready: false, restartCount: 0, state: { waiting: { reason: 'ErrImagePull' } } }],
    });
    assert.equal(pods.cells(initPull, NOW)[2], 'Init:ErrImagePull');
    const initCrash = pod('init', spec, {
      phase: 'Pending',
      initContainerStatuses: [
        {
          name: 'migrate',
          restartCount: 2,
          state: { terminated: { exitCode: 1, reason: 'Error' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(20 * S) } },
        },
      ],
    });
    assert.deepEqual(pods.cells(initCrash, NOW).slice(2, 4), ['Init:Error', '2 (20s ago)']);

    const sidecar = pod(
      'with-sidecar',
      { initContainers: [{ name: 'proxy', image: 'envoy:1', restartPolicy: 'Always' }] },
      {
        phase: 'Running',
        conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }],
        initContainerStatuses: [{ name: 'proxy', ready: true, started: true, restartCount: 1, state: running, lastState: { terminated: { exitCode: 1, finishedAt: ago(3 * M) } } }],
        containerStatuses: [{ name: 'app', ready: true, started: true, restartCount: 0, state: running }],
      },
    );
    assert.deepEqual(pods.cells(sidecar, NOW).slice(1, 4), ['2/2', 'Running', '1 (3m ago)']);
  });

  it('prints Running/NotReady when one container completed and another still runs', () => {
    const status = (ready: string) => ({
      phase: 'Running',
      conditions: [{ type: 'Ready', status: ready }],
      containerStatuses: [
        { name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        { name: 'b', ready: true, restartCount: 0, state: running },
      ],
    });
    const spec = { containers: [{ name: 'a' }, { name: 'b' }] };
    assert.deepEqual(pods.cells(pod('mixed', spec, status('True')), NOW).slice(1, 3), ['1/2', 'Running']);
    assert.equal(pods.cells(pod('mixed', spec, status('False')), NOW)[2], 'NotReady');
  });

  it('counts readiness gates in the wide columns', () => {
    const p = pod(
      'gates',
      { readinessGates: [{ conditionType: 'example.com/lb-ready' }, { conditionType: 'example.com/dns' }] },
      { phase: 'Running', nominatedNodeName: 'node-2', conditions: [{ type: 'example.com/lb-ready', status: 'True' }] },
    );
    assert.deepEqual(pods.cells(p, NOW).slice(7), ['node-2', '1/2']);
  });
});

describe('node printer', () => {
  const nodes = printer('/nodes');
  const node = (name: string, labels: Record<string, string>, spec: Record<string, unknown>, status: Record<string, unknown>) =>
    obj('v1', 'Node', name, { spec, status }, { namespace: undefined, labels, creationTimestamp: ago(10 * D + 3 * H) });

  it('declares the columns', () => {
    assert.deepEqual(names(nodes), ['Name', 'Status', 'Roles', 'Age', 'Version', 'Internal-IP', 'External-IP', 'OS-Image', 'Kernel-Version', 'Container-Runtime']);
    assert.deepEqual(priorities(nodes), [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  });

  it('prints a Ready control-plane node', () => {
    const n = node(
      'kind-control-plane',
      { 'kubernetes.io/hostname': 'kind-control-plane', 'node-role.kubernetes.io/control-plane': '' },
      { podCIDR: '10.244.0.0/24' },
      {
        conditions: [
          { type: 'MemoryPressure', status: 'False' },
          { type: 'Ready', status: 'True', reason: 'KubeletReady' },
        ],
        addresses: [
          { type: 'InternalIP', address: '172.18.0.2' },
          { type: 'Hostname', address: 'kind-control-plane' },
        ],
        nodeInfo: {
          kubeletVersion: 'v1.32.2',
          osImage: 'Debian GNU/Linux 12 (bookworm)',
          kernelVersion: '6.8.0-51-generic',
          containerRuntimeVersion: 'containerd://2.0.2',
        },
      },
    );
    assert.deepEqual(nodes.cells(n, NOW), [
      'kind-control-plane',
      'Ready',
      'control-plane',
      '10d',
      'v1.32.2',
      '172.18.0.2',
      '<none>',
      'Debian GNU/Linux 12 (bookworm)',
      '6.8.0-51-generic',
      'containerd://2.0.2',
    ]);
  });

  it('prints NotReady, SchedulingDisabled, Unknown and the roles in order', () => {
    const cordoned = node('w1', { 'node-role.kubernetes.io/worker': '', 'kubernetes.io/role': 'edge', 'node-role.kubernetes.io/': '' }, { unschedulable: true }, {
      conditions: [{ type: 'Ready', status: 'Unknown' }],
    });
    assert.deepEqual(nodes.cells(cordoned, NOW).slice(1, 3), ['NotReady,SchedulingDisabled', 'edge,worker']);
    const bare = node('w2', {}, {}, {});
    assert.deepEqual(nodes.cells(bare, NOW).slice(1, 10), ['Unknown', '<none>', '10d', '', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>']);
  });
});

function service(name: string, spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject {
  return obj('v1', 'Service', name, { spec, status });
}

describe('service printer', () => {
  const services = printer('/services');

  it('declares the columns', () => {
    assert.deepEqual(names(services), ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', 'Selector']);
    assert.deepEqual(priorities(services), [0, 0, 0, 0, 0, 0, 1]);
  });

  it('prints a ClusterIP service', () => {
    const svc = service('kubernetes', { type: 'ClusterIP', clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] });
    assert.deepEqual(services.cells(svc, NOW), ['kubernetes', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP', '5m', '<none>']);
  });

  it('prints a NodePort service with node ports and selector', () => {
    const svc = service('web', {
      type: 'NodePort',
      clusterIPs: ['10.96.12.34'],
      selector: { tier: 'frontend', app: 'web' },
      ports: [
        { name: 'http', port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 31080 },
        { name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 },
        { name: 'dns', port: 53, protocol: 'UDP' },
      ],
    });
    assert.deepEqual(services.cells(svc, NOW), ['web', 'NodePort', '10.96.12.34', '<none>', '80:31080/TCP,443/TCP,53/UDP', '5m', 'app=web,tier=frontend']);
  });

  it('prints a LoadBalancer pending, then with ingress addresses', () => {
    const spec = { type: 'LoadBalancer', clusterIPs: ['10.96.200.1'], ports: [{ port: 80, protocol: 'TCP', nodePort: 30080 }] };
    assert.deepEqual(services.cells(service('lb', spec), NOW).slice(1, 5), ['LoadBalancer', '10.96.200.1', '<pending>', '80:30080/TCP']);
    const ready = service('lb', spec, { loadBalancer: { ingress: [{ ip: '203.0.113.10' }, { hostname: 'lb.example.com' }, { ip: '198.51.100.7' }] } });
    assert.equal(services.cells(ready, NOW)[3], '198.51.100.7,203.0.113.10,lb.example.com');
    const both = service('lb', { ...spec, externalIPs: ['192.0.2.1'] }, { loadBalancer: { ingress: [{ ip: '203.0.113.10' }] } });
    assert.equal(services.cells(both, NOW)[3], '203.0.113.10,192.0.2.1');
  });

  it('prints ExternalName and headless services, and defaults an absent type and protocol', () => {
    assert.deepEqual(services.cells(service('db', { type: 'ExternalName', externalName: 'db.example.com' }), NOW).slice(1, 5), [
      'ExternalName',
      '<none>',
      'db.example.com',
      '<none>',
    ]);
    const headless = service('pg', { clusterIP: 'None', clusterIPs: ['None'], ports: [{ port: 5432 }], externalIPs: ['192.0.2.9'] });
    assert.deepEqual(services.cells(headless, NOW).slice(1, 5), ['ClusterIP', 'None', '192.0.2.9', '5432/TCP']);
    assert.equal(services.cells(service('only-ip', { clusterIP: '10.96.0.10' }), NOW)[2], '10.96.0.10');
  });
});

describe('endpoints printer', () => {
  const endpoints = printer('/endpoints');
  const ep = (subsets?: unknown) => obj('v1', 'Endpoints', 'web', subsets === undefined ? {} : { subsets });

  it('prints addresses with ports, at most three', () => {
    assert.deepEqual(names(endpoints), ['Name', 'Endpoints', 'Age']);
    assert.deepEqual(endpoints.cells(ep([{ addresses: [{ ip: '10.244.0.5' }, { ip: '10.244.0.6' }], ports: [{ port: 8080, protocol: 'TCP' }] }]), NOW), [
      'web',
      '10.244.0.5:8080,10.244.0.6:8080',
      '5m',
    ]);
    const many = ep([
      { addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports: [{ port: 80 }, { port: 443 }], notReadyAddresses: [{ ip: '10.0.0.9' }] },
      { addresses: [{ ip: 'fd00::1' }] },
    ]);
    assert.equal(endpoints.cells(many, NOW)[1], '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 2 more...');
    assert.equal(endpoints.cells(ep([{ addresses: [{ ip: 'fd00::1' }], ports: [{ port: 80 }] }]), NOW)[1], '[fd00::1]:80');
    assert.equal(endpoints.cells(ep(), NOW)[1], '<none>');
  });
});

describe('config printers', () => {
  it('prints namespaces, configmaps, secrets and service accounts', () => {
    assert.deepEqual(printer('/namespaces').cells(obj('v1', 'Namespace', 'dev', { status: { phase: 'Active' } }), NOW), ['dev', 'Active', '5m']);
    assert.equal(printer('/namespaces').cells(obj('v1', 'Namespace', 'old', {}, { deletionTimestamp: ago(0) }), NOW)[1], 'Terminating');
    const cm = obj('v1', 'ConfigMap', 'settings', { data: { a: '1', b: '2' }, binaryData: { c: 'AAE=' } });
    assert.deepEqual(names(printer('/configmaps')), ['Name', 'Data', 'Age']);
    assert.deepEqual(printer('/configmaps').cells(cm, NOW), ['settings', 3, '5m']);
    const tls = obj('v1', 'Secret', 'web-tls', { type: 'kubernetes.io/tls', data: { 'tls.crt': 'Y3J0', 'tls.key': 'a2V5' } });
    assert.deepEqual(names(printer('/secrets')), ['Name', 'Type', 'Data', 'Age']);
    assert.deepEqual(printer('/secrets').cells(tls, NOW), ['web-tls', 'kubernetes.io/tls', 2, '5m']);
    assert.deepEqual(printer('/secrets').cells(obj('v1', 'Secret', 'empty'), NOW), ['empty', 'Opaque', 0, '5m']);
    assert.deepEqual(names(printer('/serviceaccounts')), ['Name', 'Secrets', 'Age']);
    assert.deepEqual(printer('/serviceaccounts').cells(obj('v1', 'ServiceAccount', 'default'), NOW), ['default', 0, '5m']);
  });
});

describe('event printer', () => {
  const events = printer('/events');

  it('declares the columns with the wide ones last', () => {
    assert.deepEqual(names(events), ['Last Seen', 'Type', 'Reason', 'Object', 'Subobject', 'Source', 'Message', 'First Seen', 'Count', 'Name']);
    assert.deepEqual(priorities(events), [0, 0, 0, 0, 1, 1, 0, 1, 1, 1]);
  });

  it('prints a core event', () => {
    const e = obj('v1', 'Event', 'nginx-7c5ddbdf54-x8f2k.181a3f4c2b1e9d0a', {
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'nginx-7c5ddbdf54-x8f2k', fieldPath: 'spec.containers{nginx}' },
      reason: 'BackOff',
      message: 'Back-off pulling image "nginx:nope"\n',
      source: { component: 'kubelet', host: 'kind-worker' },
      firstTimestamp: ago(10 * M),
      lastTimestamp: ago(30 * S),
      count: 7,
      type: 'Warning',
    });
    assert.deepEqual(events.cells(e, NOW), [
      '30s',
      'Warning',
      'BackOff',
      'pod/nginx-7c5ddbdf54-x8f2k',
      'spec.containers{nginx}',
      'kubelet, kind-worker',
      'Back-off pulling image "nginx:nope"',
      '10m',
      7,
      'nginx-7c5ddbdf54-x8f2k.181a3f4c2b1e9d0a',
    ]);
  });

  it('prints an event written through events.k8s.io (eventTime, series, reporting controller)', () => {
    const scheduled = obj('v1', 'Event', 'web.1', {
      involvedObject: { kind: 'Pod', name: 'web' },
      reason: 'Scheduled',
      message: 'Successfully assigned default/web to node-1',
      eventTime: new Date(NOW - 2 * M).toISOString().replace('Z', '123Z'),
      reportingComponent: 'default-scheduler',
      reportingInstance: 'default-scheduler-kind-control-plane',
      type: 'Normal',
    });
    assert.deepEqual(events.cells(scheduled, NOW), [
      '2m',
      'Normal',
      'Scheduled',
      'pod/web',
      '',
      'default-scheduler, default-scheduler-kind-control-plane',
      'Successfully assigned default/web to node-1',
      '2m',
      1,
      'web.1',
    ]);
    const repeated = obj('v1', 'Event', 'web.2', {
      involvedObject: { kind: 'Deployment' },
      reason: 'Probe',
      eventTime: ago(20 * M),
      series: { count: 12, lastObservedTime: ago(45 * S) },
      reportingComponent: 'kubelet',
    });
    const cells = events.cells(repeated, NOW);
    assert.deepEqual([cells[0], cells[3], cells[5], cells[7], cells[8]], ['45s', 'deployment', 'kubelet', '20m', 12]);
    assert.equal(events.cells(obj('v1', 'Event', 'x', {}), NOW)[0], '<unknown>');
  });
});

describe('apps printers', () => {
  const template = { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }, { name: 'log', image: 'busybox:1.36' }] } };

  it('prints a deployment in the middle of a rollout', () => {
    const deployments = printer('apps/deployments');
    assert.deepEqual(names(deployments), ['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers', 'Images', 'Selector']);
    assert.deepEqual(priorities(deployments), [0, 0, 0, 0, 0, 1, 1, 1]);
    const d = obj(
      'apps/v1',
      'Deployment',
      'web',
      {
        spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template },
        status: { replicas: 4, updatedReplicas: 2, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 1 },
      },
      { creationTimestamp: ago(H + 5 * M) },
    );
    assert.deepEqual(deployments.cells(d, NOW), ['web', '3/3', 2, 3, '65m', 'nginx,log', 'nginx:1.27,busybox:1.36', 'app=web']);
    const fresh = obj('apps/v1', 'Deployment', 'api', {
      spec: {
        selector: { matchLabels: { app: 'api' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend', 'backend'] }, { key: 'canary', operator: 'DoesNotExist' }] },
        template,
      },
      status: {},
    });
    assert.deepEqual(deployments.cells(fresh, NOW).slice(1, 4), ['0/1', 0, 0]);
    assert.equal(deployments.cells(fresh, NOW)[7], 'app=api,!canary,tier in (backend,frontend)');
  });

  it('prints a replicaset', () => {
    const replicaSets = printer('apps/replicasets');
    assert.deepEqual(names(replicaSets), ['Name', 'Desired', 'Current', 'Ready', 'Age', 'Containers', 'Images', 'Selector']);
    assert.deepEqual(replicaSets.columns.map((c) => c.type).slice(1, 4), ['integer', 'integer', 'integer']);
    const rs = obj('apps/v1', 'ReplicaSet', 'web-5d8f9c7b6d', {
      spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': '5d8f9c7b6d' } }, template },
      status: { replicas: 3, readyReplicas: 2, availableReplicas: 2 },
    });
    assert.deepEqual(replicaSets.cells(rs, NOW), ['web-5d8f9c7b6d', 3, 3, 2, '5m', 'nginx,log', 'nginx:1.27,busybox:1.36', 'app=web,pod-template-hash=5d8f9c7b6d']);
    const old = obj('apps/v1', 'ReplicaSet', 'web-old', { spec: { replicas: 0, selector: {}, template }, status: { replicas: 0 } });
    assert.deepEqual(replicaSets.cells(old, NOW).slice(1, 4), [0, 0, 0]);
    assert.equal(replicaSets.cells(old, NOW)[7], '<none>');
  });
});

describe('daemonset printer', () => {
  it('prints counts of nodes and the template\'s node selector', () => {
    const ds = printer('apps/daemonsets');
    assert.deepEqual(names(ds), ['Name', 'Desired', 'Current', 'Ready', 'Up-to-date', 'Available', 'Node Selector', 'Age', 'Containers', 'Images', 'Selector']);
    assert.deepEqual(priorities(ds), [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
    const kubeProxy = obj('apps/v1', 'DaemonSet', 'kube-proxy', {
      spec: {
        selector: { matchLabels: { 'k8s-app': 'kube-proxy' } },
        template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux', 'disk': 'ssd' }, containers: [{ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.32.2' }] } },
      },
      status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 1, numberAvailable: 2 },
    }, { creationTimestamp: ago(2 * D) });
    assert.deepEqual(ds.cells(kubeProxy, NOW), ['kube-proxy', 3, 3, 2, 1, 2, 'disk=ssd,kubernetes.io/os=linux', '2d', 'kube-proxy', 'registry.k8s.io/kube-proxy:v1.32.2', 'k8s-app=kube-proxy']);
    const bare = obj('apps/v1', 'DaemonSet', 'new', { spec: { selector: {}, template: { spec: { containers: [] } } } });
    assert.deepEqual(ds.cells(bare, NOW).slice(1, 7), [0, 0, 0, 0, 0, '<none>']);
    assert.equal(ds.cells(bare, NOW)[10], '<none>');
  });
});

describe('every built-in printer', () => {
  it('gives one cell per column, even for a bare object', () => {
    assert.deepEqual(Object.keys(builtinPrinters).sort(), [
      '/configmaps',
      '/endpoints',
      '/events',
      '/namespaces',
      '/nodes',
      '/pods',
      '/secrets',
      '/serviceaccounts',
      '/services',
      'apiextensions.k8s.io/customresourcedefinitions',
      'apps/daemonsets',
      'apps/deployments',
      'apps/replicasets',
      'batch/cronjobs',
      'batch/jobs',
      'discovery.k8s.io/endpointslices',
    ]);
    for (const [key, p] of Object.entries(builtinPrinters)) {
      assert.equal(p.cells({ apiVersion: 'v1', kind: 'X', metadata: {} }, NOW).length, p.columns.length, key);
      assert.ok(p.columns.every((c) => c.description !== '' && (c.priority === 0 || c.priority === 1)), key);
    }
  });

  it('reports a selector with an unknown operator as the Go printers do', () => {
    const bad = { matchExpressions: [{ key: 'a', operator: 'Like', values: ['b'] }] };
    const spec = { selector: bad, template: { spec: { containers: [] } } };
    assert.equal(printer('apps/deployments').cells(obj('apps/v1', 'Deployment', 'd', { spec }), NOW)[7], '<invalid>');
    assert.equal(printer('apps/replicasets').cells(obj('apps/v1', 'ReplicaSet', 'r', { spec }), NOW)[7], '<error>');
  });
});

describe('default printer and CRDs', () => {
  it('prints NAME and CREATED AT (RFC3339) for customresourcedefinitions', () => {
    const crds = printer('apiextensions.k8s.io/customresourcedefinitions');
    assert.equal(crds, defaultPrinter);
    assert.deepEqual(names(crds), ['Name', 'Created At']);
    assert.deepEqual(crds.columns.map((c) => c.type), ['string', 'date']);
    const crd = obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'services.serving.knative.dev', {}, {
      namespace: undefined,
      creationTimestamp: '2025-01-10T08:30:00Z',
    });
    assert.deepEqual(crds.cells(crd, NOW), ['services.serving.knative.dev', '2025-01-10T08:30:00Z']);
    assert.deepEqual(crds.cells(obj('v1', 'X', 'y', {}, { creationTimestamp: '2025-01-10T09:30:00.250+01:00' }), NOW), ['y', '2025-01-10T08:30:00Z']);
  });
});

describe('JSONPath', () => {
  const ksvc = {
    metadata: { name: 'hello', annotations: { 'serving.knative.dev/creator': 'alice' }, creationTimestamp: ago(3 * M) },
    spec: { template: { spec: { containers: [{ image: 'ghcr.io/knative/helloworld-go:latest' }, { image: 'sidecar:2' }] } } },
    status: {
      url: 'http://hello.default.127.0.0.1.sslip.io',
      conditions: [
        { type: 'ConfigurationsReady', status: 'True' },
        { type: 'Ready', status: 'False', reason: 'RevisionMissing' },
        { type: 'RoutesReady', status: 'Unknown' },
      ],
      observedGeneration: 2,
      traffic: [{ percent: 90 }, { percent: 10, tag: 'canary' }],
    },
  };

  it('follows fields, indexes and filters', () => {
    assert.deepEqual(evaluateJsonPath('.status.url', ksvc), ['http://hello.default.127.0.0.1.sslip.io']);
    assert.deepEqual(evaluateJsonPath('.status.conditions[?(@.type=="Ready")].status', ksvc), ['False']);
    assert.deepEqual(evaluateJsonPath(".status.conditions[?(@.type == 'Ready')].reason", ksvc), ['RevisionMissing']);
    assert.deepEqual(evaluateJsonPath('.status.conditions[?(@.status!="True")].type', ksvc), ['Ready', 'RoutesReady']);
    assert.deepEqual(evaluateJsonPath('.status.conditions[?(@.reason)].type', ksvc), ['Ready']);
    assert.deepEqual(evaluateJsonPath('.status.traffic[?(@.percent>50)].percent', ksvc), [90]);
    assert.deepEqual(evaluateJsonPath('.spec.template.spec.containers[0].image', ksvc), ['ghcr.io/knative/helloworld-go:latest']);
    assert.deepEqual(evaluateJsonPath('.spec.template.spec.containers[-1].image', ksvc), ['sidecar:2']);
    assert.deepEqual(evaluateJsonPath('.spec.template.spec.containers[*].image', ksvc), ['ghcr.io/knative/helloworld-go:latest', 'sidecar:2']);
    assert.deepEqual(evaluateJsonPath('.metadata.creationTimestamp', ksvc), [ksvc.metadata.creationTimestamp]);
    assert.deepEqual(evaluateJsonPath(".metadata.annotations['serving.knative.dev/creator']", ksvc), ['alice']);
    assert.deepEqual(evaluateJsonPath('.metadata.annotations.serving\\.knative\\.dev/creator', ksvc), ['alice']);
    assert.deepEqual(evaluateJsonPath('.status', { status: null }), [null]);
  });

  it('selects nothing for missing fields, and fails where the apiserver fails', () => {
    assert.deepEqual(evaluateJsonPath('.status.address.url', ksvc), []);
    assert.deepEqual(evaluateJsonPath('.status.conditions[?(@.type=="Nope")].status', ksvc), []);
    assert.deepEqual(evaluateJsonPath('.status.conditions.type', ksvc), []); // a field of an array is no field
    assert.throws(() => evaluateJsonPath('.spec.template.spec.containers[5].image', ksvc), JsonPathError);
    assert.throws(() => evaluateJsonPath('.status.url[0]', ksvc), JsonPathError);
    assert.throws(() => evaluateJsonPath('.status[?(@.x=="y")]', ksvc), JsonPathError);
    assert.throws(() => evaluateJsonPath('.status.traffic[?(@.percent=="90")]', ksvc), JsonPathError);
  });

  it('refuses what it does not understand', () => {
    for (const bad of ['status.url', '..name', '.spec[1:2]', '.a[', '.status.conditions[?(@.type=="Ready"]', '.a.']) {
      assert.throws(() => parseJsonPath(bad), JsonPathError, bad);
    }
  });
});

describe('crdPrinter', () => {
  const columns = [
    { name: 'URL', type: 'string', jsonPath: '.status.url' },
    { name: 'LatestCreated', type: 'string', jsonPath: '.status.latestCreatedRevisionName' },
    { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
    { name: 'Reason', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].reason' },
    { name: 'Image', type: 'string', priority: 1, jsonPath: '.spec.template.spec.containers[0].image', description: 'The image.' },
    { name: 'Generation', type: 'integer', format: 'int64', jsonPath: '.status.observedGeneration' },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  ];
  const ksvc = obj(
    'serving.knative.dev/v1',
    'Service',
    'hello',
    {
      spec: { template: { spec: { containers: [{ image: 'ghcr.io/knative/helloworld-go:latest' }] } } },
      status: {
        url: 'http://hello.default.127.0.0.1.sslip.io',
        latestCreatedRevisionName: 'hello-00001',
        conditions: [{ type: 'Ready', status: 'True' }],
        observedGeneration: 1,
      },
    },
    { creationTimestamp: ago(3 * M + 20 * S) },
  );

  it('declares NAME then each column', () => {
    const p = crdPrinter(columns);
    assert.deepEqual(names(p), ['Name', 'URL', 'LatestCreated', 'Ready', 'Reason', 'Image', 'Generation', 'Age']);
    assert.deepEqual(p.columns[1], {
      name: 'URL',
      type: 'string',
      format: '',
      description: 'Custom resource definition column (in JSONPath format): .status.url',
      priority: 0,
    });
    assert.deepEqual(p.columns[5], { name: 'Image', type: 'string', format: '', description: 'The image.', priority: 1 });
    assert.equal(p.columns[6]?.format, 'int64');
  });

  it('evaluates the columns, a date as an age and a missing value as null', () => {
    const p = crdPrinter(columns);
    assert.deepEqual(p.cells(ksvc, NOW), [
      'hello',
      'http://hello.default.127.0.0.1.sslip.io',
      'hello-00001',
      'True',
      null,
      'ghcr.io/knative/helloworld-go:latest',
      1,
      '3m20s',
    ]);
    const fresh = obj('serving.knative.dev/v1', 'Service', 'new', { spec: {} });
    assert.deepEqual(p.cells(fresh, NOW), ['new', null, null, null, null, null, null, '5m']);
  });

  it('shapes values by column type as the apiserver does', () => {
    const p = crdPrinter([
      { name: 'Int', type: 'integer', jsonPath: '.v.float' },
      { name: 'IntFromString', type: 'integer', jsonPath: '.v.text' },
      { name: 'Num', type: 'number', jsonPath: '.v.int' },
      { name: 'Bool', type: 'boolean', jsonPath: '.v.bool' },
      { name: 'Obj', type: 'string', jsonPath: '.v.obj' },
      { name: 'Float', type: 'string', jsonPath: '.v.float' },
      { name: 'Big', type: 'string', jsonPath: '.v.big' },
      { name: 'BoolText', type: 'string', jsonPath: '.v.bool' },
      { name: 'BadDate', type: 'date', jsonPath: '.v.text' },
      { name: 'EmptyDate', type: 'date', jsonPath: '.v.empty' },
    ]);
    const o = obj('example.com/v1', 'Thing', 't', { v: { float: 2.7, text: 'abc', int: 3, bool: true, obj: { z: 1, a: '<b>' }, big: 1234567.5, empty: '' } });
    assert.deepEqual(p.cells(o, NOW), ['t', 2, null, 3, true, '{"a":"\\u003cb\\u003e","z":1}', '2.7', '1.2345675e+06', 'true', '<invalid>', '<unknown>']);
  });

  it('serves NAME and AGE for a CRD without printer columns', () => {
    const p = crdPrinter([]);
    assert.deepEqual(p.columns.map((c) => [c.name, c.type]), [
      ['Name', 'string'],
      ['Age', 'date'],
    ]);
    assert.deepEqual(p.cells(ksvc, NOW), ['hello', '3m20s']);
  });

  it('keeps the columns before one whose path does not parse', () => {
    const p = crdPrinter([
      { name: 'A', type: 'string', jsonPath: '.status.url' },
      { name: 'B', type: 'string', jsonPath: '..bad' },
      { name: 'C', type: 'string', jsonPath: '.status.url' },
    ]);
    assert.deepEqual(names(p), ['Name', 'A']);
  });
});

describe('renderTable', () => {
  const succeeded = pod(
    'job-x',
    {},
    { phase: 'Succeeded', containerStatuses: [{ name: 'app', restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] },
    { managedFields: [{ manager: 'kubectl-create', operation: 'Update' }], labels: { app: 'x' } },
  );
  const runningPod = pod('web', {}, { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running }] });

  it('builds a meta.k8s.io/v1 Table with PartialObjectMetadata rows', () => {
    const table = renderTable(printer('/pods'), [succeeded, runningPod], { now: NOW, resourceVersion: '4242', includeObject: 'Metadata' });
    assert.equal(table.kind, 'Table');
    assert.equal(table.apiVersion, 'meta.k8s.io/v1');
    assert.deepEqual(table.metadata, { resourceVersion: '4242' });
    assert.deepEqual(table.columnDefinitions, printer('/pods').columns);
    assert.equal(table.rows.length, 2);
    const [first, second] = table.rows;
    assert.deepEqual(first?.cells.slice(0, 3), ['job-x', '0/1', 'Completed']);
    assert.deepEqual(first?.conditions, [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]);
    assert.deepEqual(first?.object, {
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { name: 'job-x', namespace: 'default', uid: 'uid-job-x', resourceVersion: '100', creationTimestamp: ago(5 * M), labels: { app: 'x' } },
    });
    assert.ok(succeeded.metadata.managedFields, 'the stored object keeps its managedFields');
    assert.equal(second?.conditions, undefined);
    const json = JSON.parse(JSON.stringify(table)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json), ['kind', 'apiVersion', 'metadata', 'columnDefinitions', 'rows']);
  });

  it('includes the whole object or none', () => {
    const whole = renderTable(printer('/pods'), [runningPod], { now: NOW, resourceVersion: '7', includeObject: 'Object' });
    assert.equal(whole.rows[0]?.object, runningPod);
    const none = renderTable(printer('/pods'), [runningPod], { now: NOW, resourceVersion: '7', includeObject: 'None' });
    assert.equal('object' in (none.rows[0] ?? {}), false);
  });

  it('passes list continuation and renders an empty list', () => {
    const table = renderTable(printer('/configmaps'), [], { now: NOW, resourceVersion: '9', includeObject: 'Metadata', continue: 'abc', remainingItemCount: 3 });
    assert.deepEqual(table.metadata, { resourceVersion: '9', continue: 'abc', remainingItemCount: 3 });
    assert.deepEqual(table.rows, []);
    assert.deepEqual(renderTable(defaultPrinter, [], { now: NOW, resourceVersion: '', includeObject: 'None' }).metadata, {});
  });
});
