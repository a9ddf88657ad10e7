// The lesson socket of a real `kubeclass start` (its sandbox included), driven as the page drives it: a real
// terminal websocket and shell beside it, commands typed for real, verdicts and progress read from the socket,
// and progress read back after the server restarted on the same data directory.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { LessonClient } from '../support/lesson-client.js';
import { TerminalClient } from '../support/terminal-client.js';

const LESSONS = fileURLToPath(new URL('../../../test/fixtures/lessons-service', import.meta.url));

describe('the lesson socket', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kubeclass-lessons-'));
  const token = `lesson-${Math.random().toString(36).slice(2)}-token`;
  let server: ServerProcess;
  let term: TerminalClient;
  let lesson: LessonClient;
  let sessionId: string;

  // The token given twice: the last wins, so the server keeps one token across restarts.
  const address = (): { port: number; token: string } => ({ port: server.port, token });
  const start = (): Promise<ServerProcess> => startServer(['--data-dir', dataDir, '--token', token, '--lessons', LESSONS]);

  before(async () => {
    server = await start();
    term = await TerminalClient.connect(address());
    await term.waitForPrompt();
    sessionId = term.ready.sessionId;
    lesson = await LessonClient.connect(address(), { sessionId, locale: 'en-GB' });
    await lesson.next('lesson');
  });
  after(async () => {
    await lesson?.close();
    await term?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers hello with the catalogue, the cluster and the lesson, on its first step', async () => {
    const catalog = await lesson.next('catalog');
    assert.deepEqual(catalog.lessons.map((l) => [l.id, l.locales]), [['basics', ['en', 'zh']]]);
    const cluster = await lesson.next('cluster');
    assert.equal(cluster.cluster.kind, 'sandbox');
    assert.deepEqual(cluster.cluster.phases.map((p) => p.id), ['api', 'kube-system', 'knative-serving', 'kourier', 'openfaas']);
    const opened = await lesson.next('lesson');
    assert.equal(opened.locale, 'en', 'en-GB falls back to en');
    assert.equal(opened.title, 'Basics');
    assert.deepEqual(opened.steps.map((s) => s.id), ['greet', 'file', 'quiz', 'cluster', 'read']);
    assert.equal(opened.progress.currentStepId, 'greet');
    assert.ok(Object.values(opened.progress.steps).every((s) => s.status === 'pending'));
    assert.match(opened.steps[0]!.html, /<pre class="kc-code" data-lang="bash" data-run="true">/);
    assert.deepEqual(opened.steps[0]!.checks, [{ id: 'check-1', kind: 'command', title: 'You said hello' }]);
    assert.equal(readFileSync(join(dataDir, 'workspaces', sessionId, 'hello.txt'), 'utf8'), 'handed out\n', 'assets are handed out');
    assert.deepEqual(opened.steps[2]!.checks, [{ id: 'which', kind: 'quiz', quiz: { question: 'Which one scales to zero?', choices: ['A Deployment', 'A Knative Service'], multiple: false } }]);
  });

  it('the cluster becomes ready, phase by phase', async () => {
    const ready = await lesson.next('cluster', (m) => m.cluster.state === 'ready', 60_000);
    assert.ok(ready.cluster.phases.every((p) => p.state === 'done' && p.elapsedMs >= 0));
  });

  it('a wrong command counts as an attempt and fails with the hint; the right one passes the step', async () => {
    let from = lesson.messages.length;
    await term.run('echo nope');
    await lesson.next('progress', (m) => m.progress.steps.greet?.attempts === 1, 5000, from);
    const failed = await lesson.next('verdict', (m) => m.stepId === 'greet' && !m.verdict.passed, 5000);
    assert.match(failed.verdict.message ?? '', /Run echo hello/);
    from = lesson.messages.length;
    const event = await term.run('echo hello');
    const passed = await lesson.next('verdict', (m) => m.stepId === 'greet' && m.verdict.passed, 5000, from);
    assert.ok(passed.verdict.at - (event.startedAt + event.durationMs) < 1000, 'the verdict follows the command at once');
    const progress = await lesson.next('progress', (m) => m.progress.steps.greet?.status === 'passed', 5000, from);
    assert.equal(progress.progress.steps.greet?.attempts, 2);
    assert.equal(progress.progress.complete, false);
  });

  it('create-file writes the block into the workspace (keeping a different file of the learner) and the file check passes', async () => {
    const workspace = join(dataDir, 'workspaces', sessionId);
    writeFileSync(join(workspace, 'app.yaml'), 'mine: true\n');
    lesson.send({ type: 'goto', stepId: 'file' });
    await lesson.next('progress', (m) => m.progress.currentStepId === 'file');
    const from = lesson.messages.length;
    lesson.send({ type: 'create-file', stepId: 'file', path: 'app.yaml' });
    const created = await lesson.next('file-created', () => true, 5000, from);
    assert.deepEqual(created, { type: 'file-created', path: 'app.yaml', backup: 'app.yaml.orig' });
    assert.equal(readFileSync(join(workspace, 'app.yaml'), 'utf8'), 'metadata:\n  name: demo\n');
    assert.equal(readFileSync(join(workspace, 'app.yaml.orig'), 'utf8'), 'mine: true\n');
    // No command ran: the file check passes on the next evidence, which a command gives.
    await term.run('ls app.yaml');
    await lesson.next('progress', (m) => m.progress.steps.file?.status === 'passed', 5000, from);
  });

  it('a quiz answer gets its verdict; the right one passes the step', async () => {
    lesson.send({ type: 'goto', stepId: 'quiz' });
    await lesson.next('progress', (m) => m.progress.currentStepId === 'quiz');
    // Unanswered is not a failure yet: the verdict says it waits.
    const unanswered = await lesson.next('verdict', (m) => m.checkId === 'which');
    assert.equal(unanswered.verdict.waiting, true);
    let from = lesson.messages.length;
    lesson.send({ type: 'answer', stepId: 'quiz', checkId: 'which', choice: 0 });
    const wrong = await lesson.next('verdict', (m) => m.checkId === 'which' && !m.verdict.passed && m.verdict.message !== undefined, 5000, from);
    assert.ok(wrong.verdict.message);
    assert.equal(wrong.verdict.waiting, undefined, 'an answered quiz is judged');
    from = lesson.messages.length;
    lesson.send({ type: 'answer', stepId: 'quiz', checkId: 'which', choice: 1 });
    await lesson.next('verdict', (m) => m.checkId === 'which' && m.verdict.passed, 5000, from);
    await lesson.next('progress', (m) => m.progress.steps.quiz?.status === 'passed', 5000, from);
  });

  it('kubectl against the sandbox passes a resource check', async () => {
    lesson.send({ type: 'goto', stepId: 'cluster' });
    await lesson.next('progress', (m) => m.progress.currentStepId === 'cluster');
    const from = lesson.messages.length;
    const event = await term.run('kubectl create configmap demo', 20_000);
    assert.equal(event.exitCode, 0, event.output);
    await lesson.next('progress', (m) => m.progress.steps.cluster?.status === 'passed', 10_000, from);
  });

  it('a step with nothing to check passes when opened; the lesson is then complete', async () => {
    lesson.send({ type: 'goto', stepId: 'read' });
    const done = await lesson.next('progress', (m) => m.progress.complete);
    assert.equal(done.progress.steps.read?.status, 'passed');
  });

  it('bad requests get an error and leave the socket open', async () => {
    let from = lesson.messages.length;
    lesson.send({ type: 'create-file', stepId: 'file', path: '../../etc/passwd' });
    assert.match((await lesson.next('error', () => true, 5000, from)).message, /offers no file/);
    from = lesson.messages.length;
    lesson.send({ type: 'goto', stepId: 'nowhere' });
    assert.match((await lesson.next('error', () => true, 5000, from)).message, /no step "nowhere"/);
    from = lesson.messages.length;
    lesson.send({ type: 'answer', stepId: 'read', checkId: 'which', choice: 1 });
    assert.match((await lesson.next('error', () => true, 5000, from)).message, /no quiz "which"/);
    from = lesson.messages.length;
    // Outside a classroom the seat's "I'm still here" is ignored: no error (the next one is the open's), no close.
    lesson.send({ type: 'extend-seat' });
    lesson.send({ type: 'open', lessonId: 'missing' });
    assert.match((await lesson.next('error', () => true, 5000, from)).message, /no lesson "missing"/);
    assert.equal(lesson.closeInfo, undefined);
  });

  it('the locale switch sends the lesson in Chinese, progress kept', async () => {
    const from = lesson.messages.length;
    lesson.send({ type: 'open', lessonId: 'basics', locale: 'zh' });
    const zh = await lesson.next('lesson', () => true, 5000, from);
    assert.equal(zh.locale, 'zh');
    assert.equal(zh.title, '基础');
    assert.equal(zh.steps[0]!.title, '打个招呼');
    assert.equal(zh.progress.currentStepId, 'read');
    assert.ok(zh.progress.complete);
  });

  it("in Chinese, the checkers' own words are Chinese too", async () => {
    let from = lesson.messages.length;
    lesson.send({ type: 'goto', stepId: 'quiz' });
    await lesson.next('progress', (m) => m.progress.currentStepId === 'quiz', 5000, from);
    from = lesson.messages.length;
    lesson.send({ type: 'answer', stepId: 'quiz', checkId: 'which', choice: 0 });
    // First the step's start ("还没有作答": not answered yet), then the answer's verdict.
    const wrong = await lesson.next('verdict', (m) => m.checkId === 'which' && m.verdict.message !== '还没有作答', 5000, from);
    assert.match(wrong.verdict.message ?? '', /^不太对：你选择了 "A Deployment"/);
    // Back where the next test expects the learner (its position is stored before this progress is sent).
    from = lesson.messages.length;
    lesson.send({ type: 'goto', stepId: 'read' });
    await lesson.next('progress', (m) => m.progress.currentStepId === 'read', 5000, from);
  });

  it('progress survives a crash of the server (SIGKILL): the page resumes at its step', async () => {
    // No goodbye: the server is killed with its sockets open, as a crash or an OOM kill would.
    const code = await server.stop('SIGKILL');
    assert.equal(code, null);
    await lesson.waitForClose();
    await term.waitForClose();
    assert.ok(existsSync(join(dataDir, 'kubeclass.db')));
    server = await start();
    term = await TerminalClient.connect(address(), { sessionId });
    assert.equal(term.ready.sessionId, sessionId, 'the workspace is kept: same session');
    lesson = await LessonClient.connect(address(), { sessionId });
    const resumed = await lesson.next('lesson');
    assert.equal(resumed.locale, 'zh', 'the locale chosen last');
    assert.equal(resumed.progress.currentStepId, 'read');
    assert.deepEqual(Object.fromEntries(Object.entries(resumed.progress.steps).map(([id, s]) => [id, s.status])), {
      greet: 'passed',
      file: 'passed',
      quiz: 'passed',
      cluster: 'passed',
      read: 'passed',
    });
    assert.equal(resumed.progress.steps.greet?.attempts, 2);
  });

  it('reset forgets a step, then the whole lesson', async () => {
    let from = lesson.messages.length;
    lesson.send({ type: 'reset', stepId: 'quiz' });
    const one = await lesson.next('progress', (m) => m.progress.steps.quiz?.status === 'pending', 5000, from);
    assert.equal(one.progress.steps.greet?.status, 'passed');
    from = lesson.messages.length;
    lesson.send({ type: 'reset' });
    const all = await lesson.next('progress', (m) => m.progress.steps.greet?.status === 'pending', 5000, from);
    assert.equal(all.progress.currentStepId, 'greet');
    assert.ok(Object.values(all.progress.steps).every((s) => s.status === 'pending' && s.attempts === 0));
  });

  it('skip types the solution into the terminal, in view, and the step counts as skipped', async () => {
    const from = lesson.messages.length;
    const typedFrom = term.commands.length;
    lesson.send({ type: 'skip', stepId: 'file' });
    const started = await lesson.next('skip-started', () => true, 5000, from);
    assert.deepEqual(started.commands, ["printf 'metadata:\\n  name: demo\\n' > app.yaml"]);
    const finished = await lesson.next('skip-finished', () => true, 20_000, from);
    assert.deepEqual([finished.stepId, finished.ok], ['file', true]);
    const progress = await lesson.next('progress', (m) => m.progress.steps.file?.status === 'skipped', 10_000, from);
    assert.equal(progress.progress.currentStepId, 'file');
    // The terminal socket is another connection: its command event may come after the lesson socket's progress.
    await term.waitFor(() => term.commands.slice(typedFrom).some((c) => c.commandLine.startsWith('printf')), 5000, 'the page to see the command run');
  });
});

describe('the lesson socket refuses', () => {
  let server: ServerProcess;
  let sessionId: string;
  let term: TerminalClient;
  before(async () => {
    server = await startServer(['--lessons', LESSONS, '--cluster', 'none']);
    term = await TerminalClient.connect(server);
    sessionId = term.ready.sessionId;
  });
  after(async () => {
    await term?.close();
    await server?.stop();
  });

  it('no token, a wrong token, a foreign Origin', async () => {
    await assert.rejects(LessonClient.open(server, { token: null }), /HTTP 401/);
    await assert.rejects(LessonClient.open(server, { token: 'wrong-token-1234' }), /HTTP 401/);
    await assert.rejects(LessonClient.open(server, { origin: 'http://evil.example' }), /HTTP 403/);
  });

  it('hostile messages close only their own socket, with the reason', async () => {
    const cases: [string, RegExp][] = [
      ['not json', /not JSON/],
      [JSON.stringify({ type: 'goto', stepId: 'greet' }), /hello before/],
      [JSON.stringify({ type: 'hello', version: 1, sessionId: 'f'.repeat(32) }), /no such terminal session/],
      [JSON.stringify({ type: 'hello', version: 1, sessionId: '../../etc' }), /session id/],
      [JSON.stringify({ type: 'hello', version: 1, sessionId, extra: true }), /invalid message/],
      [JSON.stringify({ type: 'hello', version: 99, sessionId }), /version 99/],
      ['x'.repeat(20_000), /.*/],
    ];
    for (const [text, reason] of cases) {
      const client = await LessonClient.open(server);
      client.sendRaw(text);
      const closed = await client.waitForClose();
      assert.ok([1008, 1009, 4003].includes(closed.code), `${text.slice(0, 40)}: closed ${closed.code}`);
      assert.match(closed.reason, reason);
    }
    // The terminal beside them is untouched.
    const event = await term.run('echo still-here');
    assert.equal(event.output.trim(), 'still-here');
    const ok = await LessonClient.connect(server, { sessionId });
    const cluster = await ok.next('cluster');
    assert.equal(cluster.cluster.state, 'none');
    await ok.next('lesson');
    await ok.close();
  });
});

describe('a Killercoda scenario, served as it is', () => {
  const scenarios = fileURLToPath(new URL('../../../test/fixtures/killercoda', import.meta.url));
  let server: ServerProcess;
  let term: TerminalClient;
  let lesson: LessonClient;
  before(async () => {
    server = await startServer(['--lessons', scenarios, '--cluster', 'none']);
    term = await TerminalClient.connect(server);
    await term.waitForPrompt();
    lesson = await LessonClient.connect(server, { sessionId: term.ready.sessionId });
  });
  after(async () => {
    await lesson?.close();
    await term?.close();
    await server?.stop();
  });

  it('{{exec}} blocks are runnable and verify.sh grades the step, its FAIL lines reaching the learner', async () => {
    const opened = await lesson.next('lesson');
    assert.equal(opened.lessonId, 'hello-scenario');
    assert.equal(opened.title, 'Hello from Killercoda');
    assert.match(opened.steps[0]!.html, /<pre class="kc-code"[^>]* data-run="true"><code[^>]*>echo kubeclass &gt; done.txt/);
    let from = lesson.messages.length;
    await term.run('echo other > done.txt');
    const failed = await lesson.next('verdict', (m) => !m.verdict.passed && /done\.txt should say kubeclass/.test(m.verdict.message ?? ''), 10_000, from);
    assert.equal(failed.stepId, 'step-1');
    from = lesson.messages.length;
    await term.run('echo kubeclass > done.txt');
    await lesson.next('progress', (m) => m.progress.steps['step-1']?.status === 'passed', 10_000, from);
  });
});

describe('a broken lesson beside a good one', () => {
  const root = mkdtempSync(join(tmpdir(), 'kubeclass-broken-lessons-'));
  let server: ServerProcess;
  let term: TerminalClient;
  before(async () => {
    cpSync(join(LESSONS, 'basics'), join(root, 'basics'), { recursive: true });
    mkdirSync(join(root, 'broken'));
    writeFileSync(join(root, 'broken', 'lesson.en.md'), '---\nid: broken\ntitle: Broken\nduration: 5\nlocale: en\n---\n## A step\n\n```yaml kubeclass\nchecks:\n  - kind: command\n    patern: oops\n```\n');
    server = await startServer(['--lessons', root, '--cluster', 'none']);
    term = await TerminalClient.connect(server);
  });
  after(async () => {
    await term?.close();
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('is left out with its file:line problem; the good one is served', async () => {
    const lesson = await LessonClient.connect(server, { sessionId: term.ready.sessionId });
    const catalog = await lesson.next('catalog');
    assert.deepEqual(catalog.lessons.map((l) => l.id), ['basics']);
    assert.ok(catalog.errors.some((e) => /broken\/lesson\.en\.md:\d+: .*patern/.test(e)), catalog.errors.join('\n'));
    assert.equal((await lesson.next('lesson')).lessonId, 'basics');
    assert.match(server.stderr(), /broken\/lesson\.en\.md:\d+/);
    await lesson.close();
  });
});

