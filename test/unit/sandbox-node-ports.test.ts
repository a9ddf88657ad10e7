import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../server/clusters/sandbox/kube-object.js';
import { BUILTIN_TYPES } from '../../server/clusters/sandbox/resource-types.js';
import { admitService, currentAllocations } from '../../server/clusters/sandbox/service-admission.js';

const serviceType = BUILTIN_TYPES.find((t) => t.kind === 'Service' && t.group === '');
if (!serviceType) throw new Error('no Service type');

function nodePortService(name: string, ports: Array<{ port: number; nodePort?: number }>): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { type: 'NodePort', ports } } as KubeObject;
}

function takenExcept(...free: number[]): KubeObject {
  const ports: Array<{ port: number; nodePort: number }> = [];
  for (let p = 30000; p <= 32767; p++) if (!free.includes(p)) ports.push({ port: p, nodePort: p });
  return nodePortService('everything', ports);
}

describe('sandbox NodePort allocation', () => {
  it('never hands out the ports the kind config maps to the host (31080, 31112), so the installs can claim them', () => {
    // Only the two mapped ports and 32000 are free: a random allocation must take 32000.
    const svc = nodePortService('random', [{ port: 80 }]);
    admitService(serviceType, svc, currentAllocations([takenExcept(31080, 31112, 32000)]));
    assert.equal((svc.spec as { ports: Array<{ nodePort: number }> }).ports[0]?.nodePort, 32000);
    // Asked for by number, they are still given.
    const gateway = nodePortService('gateway-external', [{ port: 8080, nodePort: 31112 }]);
    admitService(serviceType, gateway, currentAllocations([takenExcept(31080, 31112, 32000)]));
    assert.equal((gateway.spec as { ports: Array<{ nodePort: number }> }).ports[0]?.nodePort, 31112);
  });

  it('prefers the upper band for random ports, as the apiserver does, and says so when none is left', () => {
    for (let i = 0; i < 200; i++) {
      const svc = nodePortService(`s${i}`, [{ port: 80 }]);
      admitService(serviceType, svc, currentAllocations([]));
      const port = (svc.spec as { ports: Array<{ nodePort: number }> }).ports[0]?.nodePort ?? 0;
      assert.ok(port >= 30086 && port <= 32767 && port !== 31080 && port !== 31112, `got ${port}`);
    }
    assert.throws(() => admitService(serviceType, nodePortService('late', [{ port: 80 }]), currentAllocations([takenExcept(31080, 31112)])), /no NodePort left/);
  });
});
