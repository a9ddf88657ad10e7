// The checkers' messages in the learner's locale: zh through the real checkers (the article's mistakes, the
// generic wording, a cluster diagnosis read from a stand-in cluster), English for a locale kubeclass has no
// catalogue for, and the engine passing the step session's locale to the checks.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { CheckSpec } from '../../../server/lessons/check-spec.js';
import { CheckerEngine } from '../../../server/lessons/checkers/checker-engine.js';
import type { ClusterReader, KubeObject, ResourceType } from '../../../server/lessons/checkers/cluster-reader.js';
import { evaluateCheck } from '../../../server/lessons/checkers/evaluate.js';
import { en } from '../../../server/lessons/checkers/messages/en.js';
import { messagesFor } from '../../../server/lessons/checkers/messages/index.js';
import { zh } from '../../../server/lessons/checkers/messages/zh.js';
import { checkContext, commandEvent } from '../../support/check-context.js';

/** A cluster that holds these objects (by kind/namespace/name) and lists pods by their `app` label. */
function standInCluster(objects: KubeObject[]): ClusterReader {
  const types: Record<string, ResourceType> = {
    services: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', plural: 'services', namespaced: true },
    pods: { apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true },
    configmaps: { apiVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true },
  };
  const reader = {
    resolve: async (_apiVersion: string, resource: string) => {
      const type = types[resource];
      if (!type) throw new Error(`no ${resource}`);
      return type;
    },
    get: async (type: ResourceType, name: string, namespace: string | undefined) =>
      objects.find((o) => o.kind === type.kind && o.metadata?.name === name && o.metadata?.namespace === (namespace ?? 'default')),
    list: async (type: ResourceType, namespace: string | undefined, labelSelector?: string) =>
      objects.filter((o) => o.kind === type.kind && o.metadata?.namespace === (namespace ?? 'default') && (!labelSelector || labelSelector.split(',').every((l) => { const [k, v] = l.split('='); return o.metadata?.labels?.[k ?? ''] === v; }))),
  };
  return reader as unknown as ClusterReader;
}

const zhContext = (overrides: Parameters<typeof checkContext>[0] = {}) => checkContext({ locale: 'zh', ...overrides });

async function failing(check: CheckSpec, context = zhContext()): Promise<string> {
  const verdict = await evaluateCheck(check, context);
  assert.equal(verdict.passed, false);
  return verdict.message ?? '';
}

describe('checker messages in Chinese', () => {
  it("the article's mistakes are answered in zh, flags and fields verbatim", async () => {
    const namescpace = await failing({ kind: 'command', pattern: '/kubectl get pods (--namespace|-n) knative-serving/' }, zhContext({ commands: [commandEvent('kubectl get pods --namescpace knative-serving', 1, 'error: unknown flag: --namescpace\n')] }));
    assert.equal(namescpace, 'kubectl 没有 --namescpace 这个参数（这是原文的笔误：kubectl 会报 "unknown flag"，不会发出任何请求）。请写 --namespace，或 -n。');
    const coloum = await failing({ kind: 'output', command: 'kubectl get ksvc', pattern: 'http://' }, zhContext({ commands: [commandEvent('kubectl get ksvc hello --output=custom-coloum=NAME:.metadata.name', 1, 'error: unable to match a printer')] }));
    assert.match(coloum, /^输出格式应拼作 custom-columns（原文写成了 custom-coloum/);
    const loadbalancer = await failing({ kind: 'output', command: 'jsonpath', pattern: '/\\d+/' }, zhContext({ commands: [commandEvent("kubectl get svc kourier -n kourier-system -o jsonpath='{.status.loadbalancer.ingress[0].ip}'", 0, '')] }));
    assert.match(loadbalancer, /\.status\.loadBalancer（大写 B）/);
  });

  it('a lesson hint comes first, what the checker saw after it, in zh', async () => {
    const message = await failing({ kind: 'command', pattern: 'kubectl get nodes', hint: '用 kubectl get nodes 列出节点。' }, zhContext({ commands: [commandEvent('kubectl get pods')] }));
    assert.equal(message, '用 kubectl get nodes 列出节点。（预期执行一条匹配 "kubectl get nodes" 的命令，实际上最后一条命令是 "kubectl get pods"）');
    assert.equal(await failing({ kind: 'command', pattern: 'ls' }), '预期执行一条匹配 "ls" 的命令，实际上本步骤中还没有执行任何命令');
    const late = await failing({ kind: 'within', seconds: 60, check: { kind: 'command', pattern: 'curl' } }, zhContext({ stepStartedAt: Date.now() - 61_000 }));
    assert.equal(late, '未能在步骤开始后 60 秒内完成');
  });

  it('a Knative Service that is not Ready and its pod in ImagePullBackOff, diagnosed in zh', async () => {
    const cluster = standInCluster([
      {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Service',
        metadata: { name: 'broken', namespace: 'default' },
        status: { conditions: [{ type: 'Ready', status: 'False', reason: 'IngressNotConfigured', message: 'Ingress has not yet been reconciled.' }] },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'broken-00001-deployment-abc', namespace: 'default', labels: { 'serving.knative.dev/service': 'broken' } },
        status: { containerStatuses: [{ name: 'user-container', image: 'ghcr.io/knative/helloworld-go:nope', state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' } } }] },
      },
    ]);
    const message = await failing({ kind: 'resource', apiVersion: 'serving.knative.dev/v1', resource: 'services', name: 'broken', condition: { type: 'Ready' } }, zhContext({ cluster }));
    assert.equal(
      message,
      '命名空间 default 中的 Service broken：预期条件 Ready=True，实际为 Ready=False（IngressNotConfigured: Ingress has not yet been reconciled.）。' +
        'Service broken 尚未 Ready（Ready=False，IngressNotConfigured: Ingress has not yet been reconciled.）。IngressNotConfigured：还没有入口控制器接管这个路由；' +
        'Knative 需要在 knative-serving 命名空间的 config-network ConfigMap 中把入口类（ingress class）设为 Kourier；' +
        'Pod broken-00001-deployment-abc 处于 ImagePullBackOff 状态（容器 user-container）：无法拉取镜像 ghcr.io/knative/helloworld-go:nope：请检查镜像名称和标签',
    );
    const english = await failing({ kind: 'resource', apiVersion: 'serving.knative.dev/v1', resource: 'services', name: 'broken', condition: { type: 'Ready' } }, checkContext({ cluster }));
    assert.match(english, /^Service broken in namespace default: expected condition Ready=True, saw Ready=False .*pod broken-00001-deployment-abc is in ImagePullBackOff \(container user-container\): cannot pull the image/);
  });
});

describe('locales without a catalogue', () => {
  it('get English; a regional locale gets its language', async () => {
    assert.equal(messagesFor('fr'), en);
    assert.equal(messagesFor('pt-BR'), en);
    assert.equal(messagesFor(undefined), en);
    assert.equal(messagesFor('constructor'), en);
    assert.equal(messagesFor('zh-CN'), zh);
    const message = await failing({ kind: 'command', pattern: 'kubectl' }, checkContext({ locale: 'fr', commands: [commandEvent('kubectl get pods --namescpace x', 1)] }));
    assert.match(message, /^kubectl has no flag --namescpace/);
  });
});

describe('the engine', () => {
  it("grades in the step session's locale, English by default", async () => {
    const engine = new CheckerEngine();
    try {
      await engine.startStep('a', { stepId: 's', checks: [{ id: 'q', check: { kind: 'quiz', question: '?', choices: ['x', 'y'], answer: 1 } }] }, { workspace: '/tmp', locale: 'zh' });
      assert.equal((await engine.answer('a', 'q', 0)).message, '不太对：你选择了 "x"');
      assert.equal((await engine.answer('a', 'nope', 1)).message, '本步骤中没有测验 nope');
      await engine.startStep('a', { stepId: 's', checks: [{ id: 'q', check: { kind: 'quiz', question: '?', choices: ['x', 'y'], answer: 1 } }] }, { workspace: '/tmp' });
      assert.equal((await engine.answer('a', 'q', 0)).message, 'not quite: you chose "x"');
    } finally {
      engine.close();
    }
  });
});

describe('http placeholders', () => {
  let server: Server;
  let port: number;
  before(async () => {
    // Answers with the Host it was sent; 401 on /system/ as the OpenFaaS gateway does without credentials.
    server = createServer((req, res) => {
      if (req.url?.startsWith('/system/')) return void res.writeHead(401).end('invalid credentials\n');
      res.end(`host=${req.headers.host ?? ''} x=${String(req.headers['x-gateway'] ?? '')}\n`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => server.close());

  const configDomain = (data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config-domain', namespace: 'knative-serving' }, data });

  it("{knativeDomain} is config-domain's default domain, in the URL and in header values; {ingress} in headers too", async () => {
    const cluster = standInCluster([configDomain({ _example: 'ignored', 'internal.example.com': 'selector:\n  app: secret\n', '127.0.1.7.sslip.io': '' })]);
    const gateways = { ingress: { host: '127.0.0.1', port } };
    const spec: CheckSpec = { kind: 'http', url: 'http://{ingress}/', headers: { Host: 'greeter.default.{knativeDomain}', 'X-Gateway': '{ingress}' }, body: `host=greeter.default.127.0.1.7.sslip.io x=127.0.0.1:${port}` };
    const verdict = await evaluateCheck(spec, checkContext({ cluster, gateways }));
    assert.equal(verdict.passed, true, verdict.message);
  });

  it('says when the cluster has no Knative, or there is no cluster to read it from', async () => {
    const gateways = { ingress: { host: '127.0.0.1', port } };
    const spec: CheckSpec = { kind: 'http', url: 'http://{ingress}/', headers: { Host: 'greeter.default.{knativeDomain}' } };
    assert.equal(await failing(spec, checkContext({ gateways, cluster: standInCluster([]) })), 'this cluster has no Knative: no ConfigMap config-domain in namespace knative-serving');
    assert.equal(await failing(spec, zhContext({ gateways })), '这个练习环境没有集群，无法读取 Knative 的域名');
  });

  it('status and gateway answers in zh', async () => {
    const message = await failing({ kind: 'http', url: 'http://{openfaas}/system/functions' }, zhContext({ gateways: { openfaas: { host: '127.0.0.1', port } } }));
    assert.equal(message, '预期 GET http://{openfaas}/system/functions 返回 200，实际返回 401（"invalid credentials"）。OpenFaaS 网关的 /system/ 路径需要管理员凭据：请用 faas-cli login 登录（密码在 openfaas 命名空间的 basic-auth Secret 中）。');
    assert.equal(await failing({ kind: 'http', url: 'http://{ingress}/' }), '这个集群没有可以接收请求的 Knative 网关');
  });
});
