// Seats on the shared kind cluster, with a recorder in place of kubectl: what a seat's namespace holds (RBAC that
// reaches only it, read access to nodes, a quota), the learner's kubeconfig, and what goes when the seat does.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import type { Exec } from '../../server/clusters/kind/provision/provision-tools.js';
import { KindSeat, seatKubeconfig, seatManifests } from '../../server/classroom/kind-seats.js';

const scratch = mkdtempSync(join(tmpdir(), 'kubeclass-kind-seats-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const ADMIN = 'apiVersion: v1\nkind: Config\nclusters:\n- name: kind-kubeclass\n  cluster:\n    server: https://127.0.0.1:40123\n    certificate-authority-data: Q0E=\nusers:\n- name: kind-kubeclass\n  user:\n    client-key-data: c2VjcmV0\n';

describe('kind seats', () => {
  it('gives a seat a namespace where its account may edit, nodes to read, and a quota; nothing cluster-wide to write', () => {
    const items = seatManifests('seat3');
    const kinds = items.map((o) => `${o.kind}/${(o.metadata as { name: string }).name}`);
    assert.deepEqual(kinds, ['Namespace/kubeclass-seat3', 'ServiceAccount/learner', 'RoleBinding/learner-edit', 'ClusterRole/kubeclass-learner', 'ClusterRoleBinding/kubeclass-learner-seat3', 'ResourceQuota/seat', 'LimitRange/seat']);
    const binding = items[2] as { metadata: { namespace: string }; roleRef: { name: string }; subjects: { namespace: string }[] };
    assert.equal(binding.metadata.namespace, 'kubeclass-seat3');
    assert.equal(binding.roleRef.name, 'edit');
    const role = items[3] as { rules: { resources: string[]; verbs: string[] }[] };
    assert.deepEqual(role.rules, [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] }]);
  });

  it('writes a kubeconfig with the seat token, the admin cluster and the namespace, without the admin key', () => {
    const config = parse(seatKubeconfig(ADMIN, 'kubeclass-seat3', 'tok')) as Record<string, unknown>;
    assert.deepEqual(config, {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'kind-kubeclass', cluster: { server: 'https://127.0.0.1:40123', 'certificate-authority-data': 'Q0E=' } }],
      users: [{ name: 'kubeclass-seat3', user: { token: 'tok' } }],
      contexts: [{ name: 'kubeclass-seat3', context: { cluster: 'kind-kubeclass', user: 'kubeclass-seat3', namespace: 'kubeclass-seat3' } }],
      'current-context': 'kubeclass-seat3',
    });
  });

  it('makes and removes a seat with kubectl against the admin kubeconfig', async () => {
    const admin = join(scratch, 'admin');
    writeFileSync(admin, ADMIN);
    const calls: { line: string; input?: string | undefined }[] = [];
    const exec: Exec = async (program, args, options) => {
      calls.push({ line: [program, ...args].join(' '), input: options.input });
      return { code: 0, stdout: args.includes('token') ? 'eyJtoken\n' : '', stderr: '' };
    };
    const factory = KindSeat.factory({ adminKubeconfig: admin, gateways: { ingress: { host: '127.0.0.1', port: 80 } }, makeUser: async () => undefined, exec, env: {} });
    const seat = await factory.create('seat1');
    // A namespace id of its own, so a restarted server's seat1 never lands in a kept one's namespace.
    const ns = (seat as KindSeat).namespace;
    assert.match(ns, /^kubeclass-seat1-[0-9a-f]{6}$/);
    assert.notEqual((await factory.create('seat1') as KindSeat).namespace, ns);
    calls.splice(2);
    assert.equal(calls[0]!.line, `kubectl --kubeconfig ${admin} apply -f -`);
    assert.equal((JSON.parse(calls[0]!.input!) as { items: unknown[] }).items.length, 7);
    assert.equal(calls[1]!.line, `kubectl --kubeconfig ${admin} create token learner -n ${ns} --duration=24h`);
    assert.match(seat.kubeconfig, /token: eyJtoken/);
    assert.equal(seat.server, 'https://127.0.0.1:40123');
    await seat.dispose();
    assert.deepEqual(calls.slice(2).map((c) => c.line), [
      `kubectl --kubeconfig ${admin} delete namespace ${ns} --wait=false --ignore-not-found`,
      `kubectl --kubeconfig ${admin} delete clusterrolebinding kubeclass-learner-${ns.slice('kubeclass-'.length)} --ignore-not-found`,
    ]);
  });

  it('keeps the namespace over a restart and takes it back for the learner, giving up the fresh one', async () => {
    const admin = join(scratch, 'admin');
    writeFileSync(admin, ADMIN);
    const calls: string[] = [];
    let namespaceExists = true;
    const exec: Exec = async (program, args) => {
      calls.push([program, ...args].join(' '));
      if (args.includes('get')) return { code: 0, stdout: namespaceExists ? `namespace/${args[args.indexOf('namespace') + 1]}\n` : '', stderr: '' };
      return { code: 0, stdout: args.includes('token') ? `token-${calls.length}\n` : '', stderr: '' };
    };
    const factory = KindSeat.factory({ adminKubeconfig: admin, gateways: {}, makeUser: async () => undefined, exec, env: {} });
    const before = (await factory.create('seat2')) as KindSeat;
    const state = await before.saveState();
    calls.length = 0;
    await before.suspend();
    assert.deepEqual(calls, [], 'a restart deletes nothing on the cluster');
    const after = (await factory.create('seat1')) as KindSeat;
    const fresh = after.namespace;
    calls.length = 0;
    assert.deepEqual(await after.restoreState(state), { restored: `namespace ${before.namespace}`, failed: [] });
    assert.equal(after.namespace, before.namespace);
    assert.deepEqual(calls, [
      `kubectl --kubeconfig ${admin} get namespace ${before.namespace} --ignore-not-found -o name`,
      `kubectl --kubeconfig ${admin} apply -f -`,
      `kubectl --kubeconfig ${admin} create token learner -n ${before.namespace} --duration=24h`,
      `kubectl --kubeconfig ${admin} delete namespace ${fresh} --wait=false --ignore-not-found`,
      `kubectl --kubeconfig ${admin} delete clusterrolebinding kubeclass-learner-${fresh.slice('kubeclass-'.length)} --ignore-not-found`,
    ]);
    assert.match(after.kubeconfig, /token: token-3\n/);
    assert.match(after.kubeconfig, new RegExp(`namespace: ${before.namespace}\n`));
    // Gone from the cluster: the learner keeps the fresh namespace, and it is said.
    namespaceExists = false;
    const other = (await factory.create('seat3')) as KindSeat;
    const report = await other.restoreState(state);
    assert.equal(report.restored, 'nothing');
    assert.match(report.failed[0] ?? '', /is gone from the cluster/);
    assert.match(other.namespace, /^kubeclass-seat3-/);
    await assert.rejects(other.restoreState('{"namespace":"../../etc"}'), /names no namespace kubeclass made/);
  });
});
