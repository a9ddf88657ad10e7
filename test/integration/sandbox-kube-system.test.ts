// A fresh sandbox's kube-system and local-path-storage through the real kubectl: what `kubectl get pods -A`
// shows on a fresh kind 1.32 cluster besides what the sandbox installs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../server/clusters/sandbox/sandbox-server.js';
import { Kubectl } from '../support/kubectl.js';

const NODE = 'kubeclass-control-plane';

describe('a fresh sandbox has kind 1.32 system components', () => {
  let sandbox: RunningSandbox;
  let kubectl: Kubectl;

  before(async () => {
    sandbox = await startSandbox({ knative: false, openfaas: false });
    kubectl = new Kubectl(sandbox.url, sandbox.token, sandbox.caPem);
  });
  after(async () => {
    kubectl?.dispose();
    await sandbox?.close();
  });

  /** Polls `kubectl get` until every row passes, or the deadline. */
  async function until(args: string[], ok: (stdout: string) => boolean, ms = 8000): Promise<string> {
    const deadline = Date.now() + ms;
    for (;;) {
      const r = await kubectl.run(args);
      assert.equal(r.code, 0, r.stderr);
      if (ok(r.stdout) || Date.now() > deadline) return r.stdout;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('lists the eight kube-system pods Running 1/1 with kind names', async () => {
    const rows = (out: string): string[][] => out.trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/));
    const out = await until(['get', 'pods', '-n', 'kube-system'], (o) => rows(o).length === 8 && rows(o).every((r) => r[1] === '1/1' && r[2] === 'Running'));
    const table = rows(out);
    assert.equal(table.length, 8, out);
    for (const row of table) assert.deepEqual([row[1], row[2], row[3]], ['1/1', 'Running', '0'], out);
    const names = table.map((r) => r[0] as string);
    for (const component of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
      assert.ok(names.includes(`${component}-${NODE}`), out);
    }
    assert.equal(names.filter((n) => /^coredns-[0-9a-f]{8,10}-[a-z0-9]{5}$/.test(n)).length, 2, out);
    assert.equal(names.filter((n) => /^kindnet-[a-z0-9]{5}$/.test(n)).length, 1, out);
    assert.equal(names.filter((n) => /^kube-proxy-[a-z0-9]{5}$/.test(n)).length, 1, out);
  });

  it('has mirror pods owned by the node, on the node address', async () => {
    const r = await kubectl.run(['get', 'pod', '-n', 'kube-system', `kube-apiserver-${NODE}`, '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const pod = JSON.parse(r.stdout) as { metadata: { labels: Record<string, string>; annotations: Record<string, string>; ownerReferences: Array<{ kind: string; name: string }> }; spec: Record<string, unknown>; status: { podIP?: string } };
    assert.deepEqual(pod.metadata.labels, { component: 'kube-apiserver', tier: 'control-plane' });
    assert.equal(pod.metadata.annotations['kubernetes.io/config.source'], 'file');
    assert.equal(pod.metadata.annotations['kubernetes.io/config.mirror'], pod.metadata.annotations['kubernetes.io/config.hash']);
    assert.deepEqual(pod.metadata.ownerReferences.map((o) => [o.kind, o.name]), [['Node', NODE]]);
    assert.equal(pod.spec.priorityClassName, 'system-node-critical');
    assert.equal(pod.spec.priority, 2000001000);
    assert.equal(pod.spec.serviceAccountName, undefined);
    assert.equal(pod.status.podIP, '172.18.0.2');
  });

  it('shows kindnet and kube-proxy DaemonSets 1/1', async () => {
    const out = await until(['get', 'ds', '-A'], (o) => o.split('\n').filter((l) => /\s1\s+1\s+1\s+1\s+1\s/.test(l)).length === 2);
    const lines = out.trim().split('\n');
    assert.match(lines[0] ?? '', /^NAMESPACE\s+NAME\s+DESIRED\s+CURRENT\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+NODE SELECTOR\s+AGE$/);
    assert.match(out, /kube-system\s+kindnet\s+1\s+1\s+1\s+1\s+1\s+kubernetes\.io\/os=linux\s+\d+s/);
    assert.match(out, /kube-system\s+kube-proxy\s+1\s+1\s+1\s+1\s+1\s+kubernetes\.io\/os=linux\s+\d+s/);
    const wide = await kubectl.run(['get', 'ds', '-n', 'kube-system', 'kindnet', '-o', 'wide']);
    assert.match(wide.stdout, /CONTAINERS\s+IMAGES\s+SELECTOR/);
    assert.match(wide.stdout, /kindnet-cni\s+docker\.io\/kindest\/kindnetd:v20241212-9f82dd49\s+app=kindnet/);
  });

  it('serves kube-dns at 10.96.0.10', async () => {
    const r = await kubectl.run(['get', 'svc', '-n', 'kube-system', 'kube-dns']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /kube-dns\s+ClusterIP\s+10\.96\.0\.10\s+<none>\s+53\/UDP,53\/TCP,9153\/TCP\s+\d+s/);
    // Both CoreDNS pods back it once ready (three ports each: kubectl shows the first three and "+ 3 more").
    const ep = await until(['get', 'endpoints', '-n', 'kube-system', 'kube-dns'], (o) => /\+ 3 more/.test(o));
    assert.match(ep, /kube-dns\s+10\.244\.0\.\d+:53,10\.244\.0\.\d+:53,10\.244\.0\.\d+:\d+ \+ 3 more\.\.\./);
  });

  it('has local-path-storage with its provisioner running', async () => {
    const ns = await kubectl.run(['get', 'ns']);
    assert.match(ns.stdout, /^local-path-storage\s+Active/m);
    const out = await until(['get', 'deploy', '-n', 'local-path-storage'], (o) => /local-path-provisioner\s+1\/1/.test(o));
    assert.match(out, /local-path-provisioner\s+1\/1\s+1\s+1/);
    const logs = await kubectl.run(['logs', '-n', 'local-path-storage', 'deploy/local-path-provisioner']);
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(logs.stdout, /local-path/);
  });

  it('replaces a deleted daemon pod', async () => {
    const before = await kubectl.run(['get', 'pods', '-n', 'kube-system', '-l', 'k8s-app=kube-proxy', '-o', 'name']);
    const old = before.stdout.trim();
    assert.match(old, /^pod\/kube-proxy-[a-z0-9]{5}$/);
    const del = await kubectl.run(['delete', '-n', 'kube-system', old, '--wait=false']);
    assert.equal(del.code, 0, del.stderr);
    const out = await until(['get', 'pods', '-n', 'kube-system', '-l', 'k8s-app=kube-proxy'], (o) => !o.includes(old.slice(4)) && /1\/1\s+Running/.test(o));
    assert.doesNotMatch(out, new RegExp(old.slice(4)));
    assert.match(out, /kube-proxy-[a-z0-9]{5}\s+1\/1\s+Running/);
  });
});
