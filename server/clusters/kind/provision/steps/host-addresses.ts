// Making a kind cluster's addresses what the sandbox's are, so a lesson's commands are the same on both: the
// kourier LoadBalancer shows the address kind maps port 80 on (kind has no load balancer, so it would stay
// <pending>; nothing else writes that status there), and both host ports are checked to really answer.
import { KOURIER_NAMESPACE, sslipDomain } from '../../../sandbox/knative/install/constants.js';
import { loadBalancerStatus } from '../../../sandbox/service-admission.js';
import type { PlanOptions } from '../plan-options.js';
import { StepFailure, type ProvisionStep } from '../step.js';

export function hostAddressSteps(options: PlanOptions): ProvisionStep[] {
  const steps: ProvisionStep[] = [
    {
      id: 'kourier-address',
      title: `kourier LoadBalancer at ${options.listenAddress}`,
      after: ['kourier'],
      fix: 'kubectl 1.24 or newer is needed for --subresource=status',
      async inPlace(tools) {
        // An address someone else gave it (cloud-provider-kind, a real load balancer) is left alone.
        const got = await tools.kubectl(['get', 'service', 'kourier', '-n', KOURIER_NAMESPACE, '-o', 'jsonpath={.status.loadBalancer.ingress[0].ip}{.status.loadBalancer.ingress[0].hostname}']);
        return got.code === 0 && got.stdout.trim() !== '';
      },
      async run(tools) {
        await tools.mustKubectl(['patch', 'service', 'kourier', '-n', KOURIER_NAMESPACE, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: loadBalancerStatus(options.listenAddress) })]);
      },
    },
  ];
  if (!options.probeHostPorts) return steps;
  const host = options.listenAddress;
  steps.push(
    {
      id: 'ingress-answers',
      title: `Knative answers on ${host}:${options.ingressPort}`,
      after: ['kourier-ingress', 'config-network', 'config-domain'],
      fix: `is the host port mapped? \`docker port ${options.clusterName}-control-plane\` should list 31080 -> ${host}:${options.ingressPort}`,
      async run(tools) {
        const url = `http://${host}:${options.ingressPort}/`;
        let last = '';
        await tools.retry({ attempts: options.waits.probeAttempts, delayMs: options.waits.probeDelayMs, what: `waiting for Envoy at ${url}` }, async () => {
          // An unknown host gets Envoy's 404: proof the port reaches Kourier without needing a Knative Service.
          const answer = await tools.probeHttp(url, { Host: `kubeclass-probe.default.${sslipDomain(host)}` });
          if (answer instanceof Error) last = answer.message;
          else if (answer.server !== 'envoy') last = `HTTP ${answer.status} from ${answer.server ?? 'a server that is not Envoy'}`;
          else return true;
          return false;
        }).catch((error: unknown) => {
          throw new StepFailure(`${(error as Error).message}: ${last}`, tools.output());
        });
      },
    },
    {
      id: 'gateway-answers',
      title: `OpenFaaS answers on ${host}:${options.gatewayPort}`,
      after: ['gateway-nodeport'],
      fix: `is the host port mapped? \`docker port ${options.clusterName}-control-plane\` should list 31112 -> ${host}:${options.gatewayPort}`,
      async run(tools) {
        const url = `http://${host}:${options.gatewayPort}/healthz`;
        let last = '';
        await tools.retry({ attempts: options.waits.probeAttempts, delayMs: options.waits.probeDelayMs, what: `waiting for the gateway at ${url}` }, async () => {
          const answer = await tools.probeHttp(url);
          if (answer instanceof Error) last = answer.message;
          else if (answer.status !== 200) last = `HTTP ${answer.status}`;
          else return true;
          return false;
        }).catch((error: unknown) => {
          throw new StepFailure(`${(error as Error).message}: ${last}`, tools.output());
        });
      },
    },
  );
  return steps;
}
