// A classroom through its real interfaces: HTTP joins, learners' terminal and lesson websockets with their
// cookies, the instructor's websocket and exports, each learner on their own sandbox cluster. Two learners join
// and pass a step; each sees only their own cluster; joins, tokens and Origins are checked; the export holds what
// happened; an idle seat expires and is cleaned up; a restart keeps the classroom, its learners and their work.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { userProcesses } from '../../server/terminal/confine/seat-user.js';
import { parseClassroomConfig } from '../../server/classroom/classroom-config.js';
import { startClassroom, type RunningClassroom } from '../../server/classroom/classroom-main.js';
import type { InstructorServerMessage, JoinResponse, RoomView } from '../../server/common/classroom-protocol.js';
import { LessonClient } from '../support/lesson-client.js';
import { TerminalClient } from '../support/terminal-client.js';

const LESSONS = fileURLToPath(new URL('../../../lessons', import.meta.url));

interface Learner {
  name: string;
  cookie: string;
  learnerId: string;
  term: TerminalClient;
  lesson: LessonClient;
}

async function joinRoom(room: RunningClassroom, code: string, name: string, origin?: string): Promise<{ status: number; body: JoinResponse; cookie: string | undefined }> {
  const res = await fetch(`http://127.0.0.1:${room.port}/api/join`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(origin ? { Origin: origin } : {}) },
    body: JSON.stringify({ code, name }),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  return { status: res.status, body: (await res.json()) as JoinResponse, cookie };
}

async function sitDown(room: RunningClassroom, name: string): Promise<Learner> {
  const joined = await joinRoom(room, room.joinCode, name);
  assert.equal(joined.status, 200, JSON.stringify(joined.body));
  assert.ok(joined.body.ok && joined.cookie);
  const address = { port: room.port, token: '' };
  const headers = { Cookie: joined.cookie! };
  const term = await TerminalClient.connect(address, { token: null, headers });
  await term.waitForPrompt(0, 30_000);
  const lesson = await LessonClient.connect(address, { sessionId: term.ready.sessionId }, { token: null, headers });
  return { name, cookie: joined.cookie!, learnerId: joined.body.learnerId, term, lesson };
}

function instructor(room: RunningClassroom, token = new URL(room.instructorUrl).searchParams.get('token')!): Promise<{ ws: WebSocket; rooms: RoomView[]; frames: Buffer[]; messages: InstructorServerMessage[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${room.port}/ws/instructor`, { headers: { Authorization: `Bearer ${token}` } });
    const state = { ws, rooms: [] as RoomView[], frames: [] as Buffer[], messages: [] as InstructorServerMessage[] };
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) return void state.frames.push(data);
      const message = JSON.parse(data.toString()) as InstructorServerMessage;
      state.messages.push(message);
      if (message.type === 'room') state.rooms.push(message.room);
    });
    ws.once('open', () => {
      ws.send(JSON.stringify({ type: 'hello', version: 1 }));
      resolve(state);
    });
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Alive and not a zombie (this container's init may not reap what it inherits). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('classroom', () => {
  let dataDir: string;
  let room: RunningClassroom;
  let ada: Learner;
  let bob: Learner;
  const log: string[] = [];
  const start = (extra: string[] = [], overrides = {}) =>
    startClassroom(parseClassroomConfig(['--lesson', 'serverless-on-kubernetes', '--port', '0', '--data-dir', dataDir, '--lessons', LESSONS, '--warm', '2', '--seats', '3', ...extra], process.env), (m) => log.push(m), overrides);

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kubeclass-classroom-'));
    room = await start([], { saveEveryMs: 1000 });
  });
  after(async () => {
    for (const l of [ada, bob]) {
      await l?.lesson.close().catch(() => undefined);
      await l?.term.close().catch(() => undefined);
    }
    await room?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints a join code and keeps a warm pool', () => {
    assert.match(room.joinCode, /^[A-HJ-NP-Z2-9]{6}$/);
    assert.match(room.joinUrl, new RegExp(`/join\\?code=${room.joinCode}$`));
    assert.deepEqual(room.classroom.room('').seats, { max: 3, used: 0, warm: 2 });
  });

  it('refuses a wrong code, an empty name, a foreign Origin, and learners without a join', async () => {
    const wrong = await joinRoom(room, 'ZZZZZZ', 'Eve');
    assert.equal(wrong.status, 403);
    assert.deepEqual(wrong.body, { ok: false, error: 'that join code is not this classroom’s: check it with your instructor' });
    assert.equal(wrong.cookie, undefined);
    assert.equal((await joinRoom(room, room.joinCode, '   ')).status, 400);
    assert.equal((await joinRoom(room, room.joinCode, 'Eve', 'http://evil.example')).status, 403);
    await assert.rejects(TerminalClient.open({ port: room.port, token: '' }, { token: null }), /HTTP 401/);
    await assert.rejects(TerminalClient.open({ port: room.port, token: '' }, { token: null, headers: { Cookie: `kubeclass_learner_${room.port}=forged` } }), /HTTP 401/);
    const page = await fetch(`http://127.0.0.1:${room.port}/`, { redirect: 'manual' });
    assert.equal(page.status, 302);
    assert.equal(page.headers.get('location'), '/join');
  });

  it('limits wrong codes from one address, never the right one', async () => {
    // The earlier test tried one wrong code; nine more reach the limit.
    for (let i = 0; i < 9; i += 1) assert.equal((await joinRoom(room, 'WRONG1', 'Mallory')).status, 403);
    const limited = await joinRoom(room, 'WRONG1', 'Mallory');
    assert.equal(limited.status, 429);
    assert.match((limited.body as { error: string }).error, /too many wrong codes from this laptop: try again in \d+ s/);
  });

  it('refuses a forged instructor token, on the socket and the exports', async () => {
    await assert.rejects(instructor(room, 'not-the-token'), /HTTP 401/);
    assert.equal((await fetch(`http://127.0.0.1:${room.port}/api/export.json`)).status, 401);
    assert.equal((await fetch(`http://127.0.0.1:${room.port}/api/export.csv?token=nope`)).status, 401);
  });

  it('two learners join, each on their own cluster, and each passes the first step', async () => {
    ada = await sitDown(room, 'Ada Lovelace');
    bob = await sitDown(room, 'Bob');
    assert.notEqual(ada.term.ready.sessionId, bob.term.ready.sessionId);
    assert.equal(ada.term.ready.sessionId, ada.learnerId, 'the seat decides the session, not the page');
    for (const l of [ada, bob]) {
      await l.lesson.next('lesson');
      l.term.type('kubectl get nodes\r');
      await l.lesson.next('progress', (m) => m.progress.steps['cluster']?.status === 'passed', 60_000);
    }
    // Ada's cluster is not Bob's: what she makes, he does not see; their API servers differ.
    const made = await ada.term.run('kubectl create configmap ada-only --from-literal=k=v', 30_000);
    assert.equal(made.exitCode, 0, made.output);
    const seen = await bob.term.run('kubectl get configmap ada-only', 30_000);
    assert.notEqual(seen.exitCode, 0);
    assert.match(seen.output, /NotFound|not found/);
    const servers = await Promise.all([ada, bob].map((l) => l.term.run("kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}'", 30_000)));
    assert.notEqual(servers[0]!.output.trim(), servers[1]!.output.trim());
  });

  it("a learner cannot read another's files, reach the server's data, or signal another's shell", async () => {
    const bobHome = (await bob.term.run('echo secret > diary.txt && pwd', 30_000)).output.trim();
    const read = await ada.term.run(`cat ${bobHome}/diary.txt`, 30_000);
    assert.notEqual(read.exitCode, 0);
    assert.doesNotMatch(read.output, /secret/);
    assert.notEqual((await ada.term.run(`ls ${bobHome}`, 30_000)).exitCode, 0);
    const db = await ada.term.run(`head -c 15 ${join(dataDir, 'classroom.db')}; ls -A ${dataDir}`, 30_000);
    assert.doesNotMatch(db.output, /SQLite format/);
    assert.equal(db.output.trim().split('\n').at(-1), 'learners', 'the data directory shows only the way to the own workspace');
    const bobPid = room.classroom.seatOf(bob.learnerId)!.sessions.all()[0]!.pid;
    const killed = await ada.term.run(`kill -9 ${bobPid}`, 30_000);
    assert.notEqual(killed.exitCode, 0);
    assert.equal(running(bobPid), true);
    const ps = await ada.term.run('ps -e -o comm=', 30_000);
    assert.deepEqual([...new Set(ps.output.trim().split('\n'))].sort(), ['bash', 'bwrap', 'ps'].sort().filter((c) => ps.output.includes(c)));
    assert.doesNotMatch(ps.output, /node|kubeclass/);
    const who = await Promise.all([ada, bob].map((l) => l.term.run('id -un', 30_000)));
    assert.notEqual(who[0]!.output.trim(), who[1]!.output.trim(), 'each seat has its own user');
    assert.equal((await bob.term.run('cat diary.txt', 30_000)).output.trim(), 'secret');
    // Learners' shells, and what they start, yield the CPU to the server (--shell-nice, 10 by default).
    assert.equal((await ada.term.run('sh -c nice', 30_000)).output.trim(), '10');
  });

  it('a file the lesson creates in the workspace is the learner\'s to edit', async () => {
    ada.lesson.send({ type: 'goto', stepId: 'deploy' });
    await ada.lesson.next('progress', (m) => m.progress.currentStepId === 'deploy');
    ada.lesson.send({ type: 'create-file', stepId: 'deploy', path: 'helloworld.yaml' });
    await ada.lesson.next('file-created', (m) => m.path === 'helloworld.yaml');
    const edited = await ada.term.run("echo '# mine' >> helloworld.yaml && stat -c %U helloworld.yaml && id -un", 30_000);
    assert.equal(edited.exitCode, 0, edited.output);
    const [owner, me] = edited.output.trim().split('\n');
    assert.equal(owner, me);
  });

  it("a learner's token for their cluster does not open another's", async () => {
    const bobToken = (await bob.term.run("kubectl config view --raw --minify -o jsonpath='{.users[0].user.token}'", 30_000)).output.trim();
    const adaServer = (await ada.term.run("kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}'", 30_000)).output.trim();
    const tried = await ada.term.run(`curl -sk -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer ${bobToken}' ${adaServer}/api/v1/namespaces`, 30_000);
    assert.equal(tried.output.trim(), '401');
  });

  it('the instructor sees both learners with their steps, watches a terminal read-only, and broadcasts', async () => {
    const teacher = await instructor(room);
    try {
      const view = await until('a room with both', () => teacher.rooms.at(-1)?.learners.length === 2 && teacher.rooms.at(-1));
      assert.deepEqual(view.learners.map((l) => l.name).sort(), ['Ada Lovelace', 'Bob']);
      for (const row of view.learners) {
        assert.equal(row.steps['cluster']?.status, 'passed');
        assert.equal(row.online, true);
        assert.ok(row.score > 0);
      }
      assert.equal(view.steps[0]?.id, 'cluster');
      assert.deepEqual(view.seats, { max: 3, used: 2, warm: 1 });
      teacher.ws.send(JSON.stringify({ type: 'watch', learnerId: ada.learnerId }));
      await until('watching', () => teacher.messages.find((m) => m.type === 'watching'));
      ada.term.type('echo watched-$((6*7))\r');
      await until('the learner\'s output', () => Buffer.concat(teacher.frames).toString().includes('watched-42'));
      teacher.ws.send(JSON.stringify({ type: 'broadcast', text: 'Break in 5 minutes' }));
      await until("Bob's page hearing it", () => (bob.lesson.messages as unknown as { type: string; text?: string }[]).some((m) => m.type === 'broadcast' && m.text === 'Break in 5 minutes'));
      await until('the broadcast in the room', () => teacher.rooms.at(-1)?.broadcasts.some((b) => b.text === 'Break in 5 minutes'));
      teacher.ws.send('{"type":"watch","learnerId":"../../etc"}');
      await until('a closed socket', () => teacher.ws.readyState === WebSocket.CLOSED);
    } finally {
      teacher.ws.close();
    }
  });

  it('exports what happened as JSON and CSV', async () => {
    const headers = { Authorization: `Bearer ${new URL(room.instructorUrl).searchParams.get('token')}` };
    const json = await fetch(`http://127.0.0.1:${room.port}/api/export.json`, { headers });
    assert.equal(json.status, 200);
    assert.match(json.headers.get('content-disposition') ?? '', /attachment; filename="serverless-on-kubernetes-results\.json"/);
    const body = (await json.json()) as { learners: { name: string; stepsPassed: number; steps: Record<string, { status: string }> }[] };
    const adaRow = body.learners.find((l) => l.name === 'Ada Lovelace')!;
    assert.equal(adaRow.stepsPassed, 1);
    assert.equal(adaRow.steps['cluster']?.status, 'passed');
    const csv = await (await fetch(`http://127.0.0.1:${room.port}/api/export.csv`, { headers })).text();
    const [header, ...rows] = csv.trim().split('\r\n');
    assert.match(header!, /^name,state,joined_at,steps_passed,steps_skipped,attempts,time_s,score,cluster,knative,/);
    assert.ok(rows.some((r) => r.startsWith('Ada Lovelace,active,') && r.includes(',passed,')));
  });

  it('keeps the classroom, its learners, their files and their clusters across a restart', async () => {
    const file = await ada.term.run('echo kept > notes.txt && pwd', 30_000);
    const workspace = file.output.trim();
    const made = await ada.term.run('kubectl create deployment web --image=nginx:1.27 --replicas=2', 30_000);
    assert.equal(made.exitCode, 0, made.output);
    // Saved as it goes (every second here), not only when the server stops: a crash loses little.
    await until('her cluster saved with the Deployment', () => room.classroom.store.clusterState(ada.learnerId)?.includes('"name":"web"'), 20_000);
    const serverOf = "kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}'";
    const hostBefore = new URL((await ada.term.run(serverOf, 30_000)).output.trim()).hostname;
    await ada.lesson.close();
    await ada.term.close();
    await bob.lesson.close();
    await bob.term.close();
    const code = room.joinCode;
    const teacherUrl = room.instructorUrl;
    await room.close();
    room = await start([], { saveEveryMs: 1000 });
    assert.equal(room.joinCode, code);
    assert.equal(room.instructorUrl.split('?')[1], teacherUrl.split('?')[1]);
    const address = { port: room.port, token: '' };
    // The old cookie still works (the port changed, so it is sent under the new port's name).
    const cookie = `kubeclass_learner_${room.port}=${ada.cookie.split('=')[1]}`;
    ada.term = await TerminalClient.connect(address, { token: null, headers: { Cookie: cookie } });
    await ada.term.waitForPrompt(0, 30_000);
    ada.lesson = await LessonClient.connect(address, { sessionId: ada.term.ready.sessionId }, { token: null, headers: { Cookie: cookie } });
    const opened = await ada.lesson.next('lesson');
    assert.equal(opened.progress.steps['cluster']?.status, 'passed');
    assert.equal(readFileSync(join(workspace, 'notes.txt'), 'utf8'), 'kept\n');
    const again = await ada.term.run('cat notes.txt', 30_000);
    assert.equal(again.output.trim(), 'kept');
    // Her cluster is a new sandbox with what she made in the old one, running again.
    const configmap = await ada.term.run("kubectl get configmap ada-only -o jsonpath='{.data.k}'", 30_000);
    assert.equal(configmap.output.trim(), 'v');
    const rollout = await ada.term.run('kubectl rollout status deployment/web --timeout=30s', 45_000);
    assert.match(rollout.output, /deployment "web" successfully rolled out/);
    assert.ok(log.some((m) => /Ada Lovelace's cluster restored \(\d+ objects\)$/.test(m)), log.join('\n'));
    // On the same loopback address as before (kept from the warm seats made at start): her Knative URLs, which
    // carry it, are the ones she had.
    assert.equal(new URL((await ada.term.run(serverOf, 30_000)).output.trim()).hostname, hostBefore);
    const domain = await ada.term.run("kubectl get configmap config-domain -n knative-serving -o jsonpath='{.data}'", 30_000);
    assert.ok(domain.output.includes(`${hostBefore}.sslip.io`), domain.output);
    // Coming back from another browser: the code and the same name give the same learner.
    const rejoined = await joinRoom(room, code, 'ada lovelace');
    assert.ok(rejoined.body.ok && rejoined.body.rejoined && rejoined.body.learnerId === ada.learnerId);
  });

  it('an idle seat is warned, then expires: shell, files and cluster are gone, the results stay', async () => {
    await ada?.lesson.close();
    await ada?.term.close();
    await room.close();
    room = await start([], { idleMs: 4000, warningMs: 2000, saveEveryMs: 1000 });
    const cara = await sitDown(room, 'Cara');
    const shellPid = room.classroom.seatOf(cara.learnerId)!.sessions.all()[0]!.pid;
    const server = new URL(room.classroom.seatOf(cara.learnerId)!.env.server);
    const dir = join(dataDir, 'learners', cara.learnerId);
    assert.ok(existsSync(dir));
    await cara.term.run('sleep 600 &', 10_000);
    // Its pid inside the seat's pid namespace is not the host's: found among the seat user's processes.
    const uid = room.classroom.seatOf(cara.learnerId)!.env.user!.uid;
    const background = await until('the background sleep', () => userProcesses(uid).find((pid) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'sleep'), 10_000);
    await until('her cluster saved', () => room.classroom.store.clusterState(cara.learnerId) !== undefined, 10_000);
    await until('the warning on her page', () => (cara.lesson.messages as unknown as { type: string; warning?: boolean }[]).some((m) => m.type === 'seat' && m.warning === true), 10_000);
    await until('the seat to expire', () => room.classroom.store.learner(cara.learnerId)?.state === 'expired', 20_000);
    assert.equal(existsSync(dir), false, 'the learner folder is removed');
    assert.equal(room.classroom.store.clusterState(cara.learnerId), undefined, 'and the saved cluster: a new seat starts fresh');
    assert.equal(running(shellPid), false);
    assert.equal(running(background), false, 'what the shell left running is ended too');
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(Number(server.port), server.hostname);
      socket.once('connect', () => (socket.destroy(), resolve(false)));
      socket.once('error', () => resolve(true));
    });
    assert.ok(refused, 'its cluster is gone');
    const exported = JSON.parse(room.classroom.exportJson()) as { learners: { name: string; state: string }[] };
    assert.equal(exported.learners.find((l) => l.name === 'Cara')?.state, 'expired');
    await cara.lesson.close().catch(() => undefined);
    await cara.term.close().catch(() => undefined);
  });
});
