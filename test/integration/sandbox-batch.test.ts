// Jobs and CronJobs in the sandbox through the real kubectl: a job runs to completion and its log is its output,
// a failing one stops at its backoff limit, tables read as kind 1.32's, and a CronJob starts its missed
// schedule (the test moves lastScheduleTime back rather than waiting a minute).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../server/clusters/sandbox/sandbox-server.js';
import { Kubectl, normaliseAges } from '../support/kubectl.js';
import { until } from '../support/wait.js';

/** Ages vary in width between runs, and kubectl pads columns to them: ages become <age>, runs of spaces one. */
const squeeze = (text: string): string => normaliseAges(text).replace(/ +/g, ' ');


describe('sandbox Jobs and CronJobs through real kubectl', () => {
  let sandbox: RunningSandbox;
  let kubectl: Kubectl;
  const ok = async (args: string[], input?: string): Promise<string> => {
    const r = await kubectl.run(args, input);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };

  before(async () => {
    // The job controller's back-off between failed pods shortened (10 s -> 0.2 s).
    sandbox = await startSandbox({ timing: { backoffBaseMs: 200 } });
    kubectl = new Kubectl(sandbox.url, sandbox.token, sandbox.caPem);
  });
  after(async () => {
    kubectl?.dispose();
    await sandbox?.close();
  });

  it('kubectl create job runs to completion; wait, logs, get and get all read as on kind', async () => {
    assert.equal(await ok(['create', 'job', 'hello', '--image=busybox', '--', 'echo', 'hi']), 'job.batch/hello created\n');
    assert.equal(await ok(['wait', '--for=condition=complete', 'job/hello', '--timeout=20s']), 'job.batch/hello condition met\n');
    assert.equal(await ok(['logs', 'job/hello']), 'hi\n');
    assert.equal(squeeze(await ok(['get', 'jobs'])), 'NAME STATUS COMPLETIONS DURATION AGE\nhello Complete 1/1 <age> <age>\n');
    assert.equal(squeeze(await ok(['get', 'jobs', '-o', 'wide'])).split('\n')[0], 'NAME STATUS COMPLETIONS DURATION AGE CONTAINERS IMAGES SELECTOR');
    const job = JSON.parse(await ok(['get', 'job', 'hello', '-o', 'json']));
    const uid = job.metadata.uid as string;
    assert.deepEqual(job.spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
    assert.deepEqual(job.spec.template.metadata.labels, {
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': 'hello',
      'controller-uid': uid,
      'job-name': 'hello',
    });
    assert.deepEqual(job.metadata.labels, job.spec.template.metadata.labels);
    assert.equal(job.spec.backoffLimit, 6);
    assert.equal(job.spec.completionMode, 'NonIndexed');
    assert.equal(job.spec.podReplacementPolicy, 'TerminatingOrFailed');
    assert.deepEqual(job.status.conditions.map((c: { type: string; reason: string }) => `${c.type}/${c.reason}`), ['SuccessCriteriaMet/CompletionsReached', 'Complete/CompletionsReached']);
    assert.equal(job.status.succeeded, 1);
    assert.equal(job.status.ready, 0);
    assert.equal(job.status.terminating, 0);
    assert.deepEqual(job.status.uncountedTerminatedPods, {});
    assert.ok(job.status.completionTime >= job.status.startTime);
    const pod = JSON.parse(await ok(['get', 'pods', '-l', 'job-name=hello', '-o', 'json'])).items[0];
    assert.match(pod.metadata.name, /^hello-[a-z0-9]{5}$/);
    assert.deepEqual(pod.metadata.ownerReferences.map((r: { kind: string; name: string; controller: boolean }) => `${r.kind}/${r.name}/${r.controller}`), ['Job/hello/true']);
    // Counted pods lose the job-tracking finalizer.
    assert.equal(pod.metadata.finalizers, undefined);
    const events = await ok(['get', 'events', '--field-selector', 'involvedObject.kind=Job', '-o', 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}']);
    assert.equal(events, `SuccessfulCreate: Created pod: ${pod.metadata.name}\nCompleted: Job completed\n`);
    assert.match(squeeze(await ok(['get', 'all'])), /\nNAME STATUS COMPLETIONS DURATION AGE\njob\.batch\/hello Complete 1\/1 <age> <age>\n$/);
  });

  it('a failing job is retried with back-off and stops at its backoff limit', async () => {
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'fail' }, spec: { backoffLimit: 1, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'exit 3'] }] } } } };
    await ok(['apply', '-f', '-'], JSON.stringify(job));
    assert.equal(await ok(['wait', '--for=condition=failed', 'job/fail', '--timeout=20s']), 'job.batch/fail condition met\n');
    const status = JSON.parse(await ok(['get', 'job', 'fail', '-o', 'jsonpath={.status}']));
    assert.equal(status.failed, 2);
    assert.equal(status.completionTime, undefined);
    assert.deepEqual(status.conditions.map((c: { type: string; reason: string; message: string }) => `${c.type}/${c.reason}/${c.message}`), [
      'FailureTarget/BackoffLimitExceeded/Job has reached the specified backoff limit',
      'Failed/BackoffLimitExceeded/Job has reached the specified backoff limit',
    ]);
    assert.equal(squeeze(await ok(['get', 'job', 'fail'])), 'NAME STATUS COMPLETIONS DURATION AGE\nfail Failed 0/1 <age> <age>\n');
    assert.equal((await ok(['get', 'pods', '-l', 'job-name=fail', '-o', 'name'])).trim().split('\n').length, 2);
    const warning = await ok(['get', 'events', '--field-selector', 'reason=BackoffLimitExceeded', '-o', 'jsonpath={.items[*].type} {.items[*].message}']);
    assert.equal(warning, 'Warning Job has reached the specified backoff limit');
  });

  it('refuses a pod template that would restart forever', async () => {
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'always' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } } };
    const r = await kubectl.run(['apply', '-f', '-'], JSON.stringify(job));
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /The Job "always" is invalid: spec\.template\.spec\.restartPolicy: Required value: valid values: "OnFailure", "Never"/);
  });

  it('a suspended job makes no pods until resumed', async () => {
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'later' }, spec: { suspend: true, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['true'] }] } } } };
    await ok(['apply', '-f', '-'], JSON.stringify(job));
    await until('Suspended', async () => ((await ok(['get', 'job', 'later', '-o', 'jsonpath={.status.conditions[?(@.type=="Suspended")].reason}'])) === 'JobSuspended' ? true : undefined));
    assert.equal(squeeze(await ok(['get', 'job', 'later'])), 'NAME STATUS COMPLETIONS DURATION AGE\nlater Suspended 0/1 <age>\n');
    assert.equal(await ok(['get', 'pods', '-l', 'job-name=later', '-o', 'name']), '');
    await ok(['patch', 'job', 'later', '--type=merge', '-p', '{"spec":{"suspend":false}}']);
    await ok(['wait', '--for=condition=complete', 'job/later', '--timeout=20s']);
    assert.equal(await ok(['get', 'job', 'later', '-o', 'jsonpath={.status.conditions[?(@.type=="Suspended")].reason}']), 'JobResumed');
    const reasons = await ok(['get', 'events', '--field-selector', 'involvedObject.name=later', '-o', 'jsonpath={.items[*].reason}']);
    assert.equal(reasons, `Suspended Resumed SuccessfulCreate Completed`);
  });

  it('a CronJob lists as on kind, starts its missed schedule, and seeds kubectl create job --from', async () => {
    assert.equal(await ok(['create', 'cronjob', 'tick', '--image=busybox', '--schedule=* * * * *', '--', 'echo', 'tock']), 'cronjob.batch/tick created\n');
    assert.equal(normaliseAges(await ok(['get', 'cj'])), 'NAME   SCHEDULE    TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\ntick   * * * * *   <none>     False     0        <none>          <age>\n');
    const cj = JSON.parse(await ok(['get', 'cronjob', 'tick', '-o', 'json']));
    assert.equal(cj.spec.concurrencyPolicy, 'Allow');
    assert.equal(cj.spec.successfulJobsHistoryLimit, 3);
    assert.equal(cj.spec.failedJobsHistoryLimit, 1);

    assert.equal(await ok(['create', 'job', 'manual', '--from=cronjob/tick']), 'job.batch/manual created\n');
    await ok(['wait', '--for=condition=complete', 'job/manual', '--timeout=20s']);
    assert.equal(await ok(['logs', 'job/manual']), 'tock\n');

    // As if the last run were two and a half minutes ago: the controller starts the latest missed minute.
    const last = new Date(Date.now() - 150_000).toISOString().replace(/\.\d+Z$/, 'Z');
    await ok(['patch', 'cronjob', 'tick', '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { lastScheduleTime: last } })]);
    const name = await until('a scheduled job', async () => (await ok(['get', 'jobs', '-o', 'name'])).split('\n').find((n) => /^job\.batch\/tick-\d+$/.test(n)));
    const minutes = Number(name.split('-')[1]);
    const expected = Math.floor(Date.now() / 60_000);
    assert.ok(minutes === expected || minutes === expected - 1, `${minutes} is the latest whole minute`);
    const annotations = JSON.parse(await ok(['get', name, '-o', 'jsonpath={.metadata.annotations}']));
    assert.equal(annotations['batch.kubernetes.io/cronjob-scheduled-timestamp'], new Date(minutes * 60_000).toISOString().replace('.000Z', 'Z'));
    await ok(['wait', '--for=condition=complete', name, '--timeout=20s']);
    const status = await until('lastSuccessfulTime', async () => {
      const s = JSON.parse(await ok(['get', 'cronjob', 'tick', '-o', 'jsonpath={.status}']));
      return s.lastSuccessfulTime && !s.active ? s : undefined;
    });
    // A minute may turn during the test: the schedule (every minute) then runs once more, later.
    const scheduled = Date.parse(status.lastScheduleTime);
    assert.ok(scheduled >= minutes * 60_000 && scheduled % 60_000 === 0, `${status.lastScheduleTime} is a whole minute, not before ${minutes}`);
    const events = await ok(['get', 'events', '--field-selector', 'involvedObject.kind=CronJob', '-o', 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}']);
    const jobName = name.slice('job.batch/'.length);
    for (const line of ['UnexpectedJob: Saw a job that the controller did not create or forgot: manual', `SuccessfulCreate: Created job ${jobName}`, `SawCompletedJob: Saw completed job: ${jobName}, condition: Complete`]) {
      assert.ok(events.split('\n').includes(line), `${line} in\n${events}`);
    }
  });
});
