// Each of the article's mistakes, typed as the article prints it: the failing check answers it specifically.
// Where the mistake needs no cluster, the real program runs (kubectl's flag parsing, curl, bash expansion).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import type { CheckSpec } from '../../../server/lessons/check-spec.js';
import { evaluateCheck } from '../../../server/lessons/checkers/evaluate.js';
import { ARTICLE_MISTAKES, recogniseMistake } from '../../../server/lessons/checkers/hints/article-mistakes.js';
import { checkContext, commandEvent } from '../../support/check-context.js';

/** Runs a command line with bash, as the learner's shell would, and returns its event. */
function run(commandLine: string) {
  const result = spawnSync('bash', ['-c', commandLine], { encoding: 'utf8', env: { ...process.env, KUBECONFIG: '/nonexistent/kubeconfig', HOME: '/tmp' }, timeout: 20_000 });
  return commandEvent(commandLine, result.status ?? -1, `${result.stdout}${result.stderr}`);
}

async function hintFor(check: CheckSpec, commandLine: string, output?: string): Promise<string> {
  const event = output === undefined ? run(commandLine) : commandEvent(commandLine, 1, output);
  const verdict = await evaluateCheck(check, checkContext({ commands: [event] }));
  assert.equal(verdict.passed, false, `${commandLine} must not pass`);
  return verdict.message ?? '';
}

describe("the article's mistakes", () => {
  it('--namescpace: kubectl refuses the flag; the hint names --namespace', async () => {
    const event = run('kubectl get pods --namescpace knative-serving');
    assert.equal(event.exitCode, 1);
    assert.match(event.output, /unknown flag: --namescpace/i);
    const message = await hintFor({ kind: 'command', pattern: '/kubectl get pods (--namespace|-n) knative-serving/' }, event.commandLine);
    assert.match(message, /no flag --namescpace.*Write --namespace, or -n/);
  });

  it('custom-coloum: the hint spells custom-columns', async () => {
    const message = await hintFor(
      { kind: 'output', command: 'kubectl get ksvc', pattern: 'http://' },
      "kubectl get ksvc helloworld-go --output=custom-coloum=NAME:.metadata.name,DOMAIN:.status.url",
      'error: unable to match a printer suitable for the output format "custom-coloum=NAME:.metadata.name,DOMAIN:.status.url", allowed formats are: custom-columns,...\n',
    );
    assert.match(message, /spelled custom-columns/);
  });

  it('$IP_ADDERSS: expands to nothing, curl fails, the hint names $IP_ADDRESS', async () => {
    const event = run('IP_ADDRESS=127.0.0.1; curl -sS -H "Host: helloworld-go.default.example.com" http://$IP_ADDERSS');
    assert.equal(event.exitCode, 3);
    assert.match(event.output, /URL using bad\/illegal format/);
    const verdict = await evaluateCheck({ kind: 'output', command: 'curl', pattern: 'Hello' }, checkContext({ commands: [event] }));
    assert.match(verdict.message ?? '', /\$IP_ADDERSS is a typo for \$IP_ADDRESS/);
  });

  it('.status.loadbalancer: prints nothing and exits 0; the hint explains the capital B', async () => {
    const message = await hintFor(
      { kind: 'output', command: 'jsonpath', pattern: '/\\d+\\.\\d+\\.\\d+\\.\\d+/' },
      "kubectl get svc kourier -n kourier-system -o jsonpath='{.status.loadbalancer.ingress[0].ip}'",
      '',
    );
    assert.match(message, /\.status\.loadBalancer \(capital B\).*prints nothing/);
  });

  it('.status.domain: gone since Knative v1; the hint says .status.url', async () => {
    const message = await hintFor({ kind: 'output', command: 'ksvc', pattern: 'sslip.io' }, "kubectl get ksvc hello -o jsonpath='{.status.domain}'", '');
    assert.match(message, /gone since Knative v1: read \.status\.url/);
  });

  it('raw.githubusercontents.com: not GitHub, and an http check refuses to fetch it', async () => {
    const message = await hintFor({ kind: 'command', pattern: 'kubectl apply -f' }, 'kubectl apply -f https://raw.githubusercontents.com/openfaas/faas-netes/master/namespaces.yml', 'error: unable to read URL\n');
    assert.match(message, /is not GitHub.*raw\.githubusercontent\.com/);
    const http = await evaluateCheck({ kind: 'http', url: 'https://raw.githubusercontents.com/x' }, checkContext());
    assert.equal(http.passed, false);
    assert.match(http.message ?? '', /will not fetch from it/);
  });

  it('the dead openfaas/faas/master/stack.yaml: the hint points at the lesson stack file', async () => {
    const message = await hintFor({ kind: 'command', pattern: 'faas-cli deploy' }, 'curl -sSLO https://raw.githubusercontent.com/openfaas/faas/master/stack.yaml', '404: Not Found');
    assert.match(message, /no stack file on master.*stack\.yml this lesson put in your workspace/);
  });

  it('correct commands are not mistaken for mistakes', () => {
    for (const line of ['kubectl get pods --namespace knative-serving', "kubectl get svc -o jsonpath='{.status.loadBalancer.ingress[0].ip}'", 'curl http://$IP_ADDRESS', "kubectl get ksvc -o custom-columns=URL:.status.url", 'curl -LO https://raw.githubusercontent.com/openfaas/faas-netes/master/namespaces.yml']) {
      assert.equal(recogniseMistake(commandEvent(line)), undefined, line);
    }
    assert.equal(ARTICLE_MISTAKES.length, 7);
  });
});
