// The Docker half: `kind create cluster` with kubeclass's config (or the existing cluster when it has the same
// port mappings), its kubeconfig written where the terminal and the checkers read it, and an image archive
// loaded into the node when one is given.
import { kindClusters } from '../../checks/existing-cluster.js';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { GATEWAY_NODE_PORT, KOURIER_NODE_PORT, kindConfig, publishedPorts } from '../kind-config.js';
import type { PlanOptions } from '../plan-options.js';
import { StepFailure, type ProvisionStep } from '../step.js';
import type { ProvisionTools } from '../provision-tools.js';

export function kindClusterStep(options: PlanOptions): ProvisionStep {
  const name = options.clusterName;
  return {
    id: 'kind-cluster',
    title: 'kind cluster',
    after: [],
    fix: `read kind's output above; \`kubeclass cluster status\` checks Docker, memory and ports; \`kind delete cluster --name ${name}\` clears a half-made cluster`,
    async inPlace(tools) {
      const clusters = await tools.run('kind', ['get', 'clusters']);
      if (clusters.code !== 0 || !kindClusters(clusters.stdout).includes(name)) return false;
      await checkPortMappings(tools, options);
      await writeKubeconfig(tools, name);
      const ready = await tools.kubectl(['get', '--raw', '/readyz']);
      if (ready.code !== 0) throw new StepFailure(`the kind cluster ${name} exists but its API does not answer`, tools.output(), `start its node (docker start ${name}-control-plane), or remove it: kubeclass cluster down`);
      return true;
    },
    async run(tools) {
      tools.detail('creating the node (kind create cluster)');
      await tools.must('kind', ['create', 'cluster', '--name', name, '--config=-', '--wait=120s'], { input: kindConfig({ ...options, name }), timeoutMs: 10 * 60_000 });
      await writeKubeconfig(tools, name);
    },
  };
}

/** An existing node whose host ports differ from what was asked cannot be changed: say so, do not guess. */
async function checkPortMappings(tools: ProvisionTools, options: PlanOptions): Promise<void> {
  const inspected = await tools.run('docker', ['inspect', `${options.clusterName}-control-plane`, '--format', '{{json .HostConfig.PortBindings}}']);
  if (inspected.code !== 0) return;
  const ports = publishedPorts(inspected.stdout);
  const wrong = [
    [KOURIER_NODE_PORT, options.ingressPort, '--ingress-port'],
    [GATEWAY_NODE_PORT, options.gatewayPort, '--gateway-port'],
  ].filter(([node, host]) => ports.get(node as number)?.port !== host);
  if (wrong.length === 0) return;
  const seen = wrong.map(([node, host, flag]) => `NodePort ${node} is ${ports.has(node as number) ? `on host port ${ports.get(node as number)!.port}` : 'not mapped'}, not ${host} (${flag})`).join('; ');
  throw new StepFailure(
    `the existing kind cluster ${options.clusterName} has other port mappings: ${seen}`,
    tools.output(),
    `use the ports it has (${wrong.map(([node, , flag]) => (ports.has(node as number) ? `${flag} ${ports.get(node as number)!.port}` : '')).filter(Boolean).join(' ') || 'recreate it'}), or recreate it: kubeclass cluster down, then kubeclass cluster up`,
  );
}

async function writeKubeconfig(tools: ProvisionTools, name: string): Promise<void> {
  const text = await tools.must('kind', ['get', 'kubeconfig', '--name', name], { quiet: true });
  mkdirSync(dirname(tools.kubeconfig), { recursive: true, mode: 0o700 });
  writeFileSync(tools.kubeconfig, text, { mode: 0o600 });
  chmodSync(tools.kubeconfig, 0o600);
}

export function loadImagesStep(options: PlanOptions, archive: string): ProvisionStep {
  return {
    id: 'load-images',
    title: 'Images from the archive',
    after: ['kind-cluster'],
    fix: `make the archive again with \`kubeclass images save ${archive}\` on a machine with a good network`,
    async run(tools) {
      tools.detail(`kind load image-archive ${archive}`);
      await tools.must('kind', ['load', 'image-archive', archive, '--name', options.clusterName], { timeoutMs: 20 * 60_000 });
    },
  };
}
