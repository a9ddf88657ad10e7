// kind's own components (kube-system and local-path-storage): the control plane's static pods, CoreDNS,
// kindnetd, kube-proxy and the local-path provisioner. The sandbox does their work itself; these log a few
// start-up lines of our own wording, in each program's format, and stay up until SIGTERM.
import { NODE_IP } from '../../cluster-node.js';
import type { ProgramContext, ProgramDefinition } from './program.js';

/** klog's header: `I1126 21:21:31.123456       1 file.go:42] `, UTC, PID 1 as in a container. */
function klog(file: string, date = new Date()): string {
  const iso = date.toISOString();
  const micros = `${iso.slice(20, 23)}000`;
  return `I${iso.slice(5, 7)}${iso.slice(8, 10)} ${iso.slice(11, 19)}.${micros}       1 ${file}] `;
}

/** A long-running component: its start-up lines, then nothing until SIGTERM or SIGINT (exit 0). */
function component(binaries: string[], lines: (context: ProgramContext) => string[]): ProgramDefinition {
  return {
    binaries,
    start(context) {
      for (const line of lines(context)) context.log(line);
      return {
        signal(name) {
          if (name !== 'SIGTERM' && name !== 'SIGINT') return false;
          context.exit(0);
          return true;
        },
      };
    },
  };
}

const flag = (argv: readonly string[], name: string, fallback: string): string => {
  const prefix = `--${name}=`;
  const found = argv.find((a) => a.startsWith(prefix));
  return found ? found.slice(prefix.length) : fallback;
};

const etcd = component(['etcd'], (c) => {
  const now = new Date().toISOString();
  const json = (level: string, msg: string, extra: Record<string, string> = {}): string =>
    JSON.stringify({ level, ts: now, caller: 'embed/etcd.go:128', msg, ...extra });
  return [
    json('info', 'starting an etcd server', { 'etcd-version': '3.5.16', name: flag(c.argv, 'name', 'kubeclass-control-plane') }),
    json('info', 'listening for client requests', { address: flag(c.argv, 'listen-client-urls', 'https://127.0.0.1:2379') }),
    json('info', 'this member is now the cluster leader'),
    json('info', 'serving client traffic securely', { address: '127.0.0.1:2379' }),
  ];
});

const kubeApiserver = component(['kube-apiserver'], (c) => [
  `${klog('options.go:228')}external host was not given, using the advertise address ${flag(c.argv, 'advertise-address', c.podIP)}`,
  `${klog('server.go:143')}Version: v1.32.2`,
  `${klog('secure_serving.go:213')}Serving securely on [::]:${flag(c.argv, 'secure-port', '6443')}`,
  `${klog('controller.go:615')}quota admission added evaluator for: endpoints`,
  `${klog('cidrallocator.go:301')}created ClusterIP allocator for Service CIDR ${flag(c.argv, 'service-cluster-ip-range', '10.96.0.0/16')}`,
]);

const kubeControllerManager = component(['kube-controller-manager'], () => [
  `${klog('serving.go:386')}Generated self-signed cert in-memory`,
  `${klog('controllermanager.go:185')}"Starting" version="v1.32.2"`,
  `${klog('leaderelection.go:271')}successfully acquired lease kube-system/kube-controller-manager`,
  `${klog('controllermanager.go:765')}"Started controller" controller="replicaset-controller"`,
  `${klog('controllermanager.go:765')}"Started controller" controller="daemonset-controller"`,
  `${klog('shared_informer.go:320')}Caches are synced for deployment`,
]);

const kubeScheduler = component(['kube-scheduler'], () => [
  `${klog('serving.go:386')}Generated self-signed cert in-memory`,
  `${klog('server.go:167')}"Starting Kubernetes Scheduler" version="v1.32.2"`,
  `${klog('secure_serving.go:213')}Serving securely on 127.0.0.1:10259`,
  `${klog('leaderelection.go:271')}successfully acquired lease kube-system/kube-scheduler`,
]);

const kubeProxy = component(['kube-proxy', '/usr/local/bin/kube-proxy'], () => [
  `${klog('server_linux.go:66')}"Using iptables proxy"`,
  `${klog('server.go:698')}"Successfully retrieved node IP(s)" IPs=["${NODE_IP}"]`,
  `${klog('server.go:243')}"kube-proxy running in dual-stack mode" primary ipFamily="IPv4"`,
  `${klog('config.go:199')}"Starting service config controller"`,
  `${klog('shared_informer.go:320')}Caches are synced for service config`,
]);

const kindnetd = component(['/bin/kindnetd', 'kindnetd'], (c) => [
  `${klog('main.go:110')}kindnetd IP family: "ipv4"`,
  `${klog('main.go:176')}setting mtu 1500 for CNI`,
  `${klog('main.go:230')}handling current node, pod subnet ${c.env.POD_SUBNET ?? '10.244.0.0/16'}`,
  `${klog('main.go:297')}CNI config written to /etc/cni/net.d/10-kindnet.conflist`,
]);

const coredns = component(['/coredns', 'coredns'], () => [
  '.:53',
  '[INFO] plugin/reload: Running configuration SHA512 = 0c5f2a1e9d8b7c6a',
  'CoreDNS-1.11.3',
  'linux/amd64, go1.21.11, a6338e9',
]);

const localPathProvisioner = component(['local-path-provisioner'], (c) => [
  `time="${new Date().toISOString()}" level=info msg="Starting local-path provisioner in namespace ${c.env.POD_NAMESPACE ?? 'local-path-storage'}"`,
  `time="${new Date().toISOString()}" level=info msg="Watching for config map local-path-config"`,
  `${klog('controller.go:811')}Starting provisioner controller rancher.io/local-path_${c.hostname}`,
]);

/** Keys for CatalogueImage.program. */
export const KUBE_SYSTEM_PROGRAMS: Readonly<Record<string, ProgramDefinition>> = {
  etcd,
  'kube-apiserver': kubeApiserver,
  'kube-controller-manager': kubeControllerManager,
  'kube-scheduler': kubeScheduler,
  'kube-proxy': kubeProxy,
  kindnetd,
  coredns,
  'local-path-provisioner': localPathProvisioner,
};
