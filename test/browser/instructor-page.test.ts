// The instructor's page in Chromium against a stand-in server speaking the classroom protocol (the real one is
// built apart): the grid shows the learners and steps with the stuck one first and updates in place; clicking a
// learner asks to watch and their terminal output appears read-only; broadcasts and seat extensions go out;
// a dropped socket reconnects and asks for the watched terminal again. Any console error (a CSP breach) fails.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { CLASSROOM_PROTOCOL_VERSION, INSTRUCTOR_PATH, type InstructorServerMessage, type RoomView } from '../../server/common/classroom-protocol.js';
import { ARTIFACTS, browserUnavailable, launchBrowser, newPage } from '../support/browser.js';
import { startClassroomPageServer, type ClassroomPageServer, type FakeSocket } from '../support/classroom-page-server.js';
import { learner, passed, pending, room, skipped } from '../support/room-fixture.js';
import { until } from '../support/wait.js';

const skip = browserUnavailable(process.env);

const HINT = 'Expected 1 ready Knative service, found 0';

/** Ada ahead, Bob stuck, Cy expired, Dee failing on step 2: the grid's order is Bob, Ada, Dee, Cy. */
function classroom(fields: Partial<RoomView> = {}, edit: (learners: ReturnType<typeof learner>[]) => void = () => undefined): RoomView {
  const learners = [
    learner('ada', 'Ada', { steps: { hello: passed(), deploy: skipped() }, currentStep: 'scale', currentStepMs: 42_000, score: 2 }),
    learner('bob', 'Bob', { currentStep: 'hello', currentStepMs: 720_000, stuck: '12 min on "Say hello"', steps: { hello: pending(1) } }),
    learner('cy', 'Cy', { state: 'expired', online: false, currentStep: 'hello', score: 0 }),
    learner('dee', 'Dee', { steps: { hello: passed(2), deploy: pending(3, HINT) }, currentStep: 'deploy', score: 1 }),
  ];
  edit(learners);
  return room(learners, fields);
}

function send(socket: FakeSocket, message: InstructorServerMessage): void {
  socket.send(message);
}

describe('the instructor page in Chromium', { skip }, () => {
  let server: ClassroomPageServer;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[] = [];
  let socket: FakeSocket;

  const rowIds = (): Promise<string[]> =>
    page.locator('#room-grid tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset['learner'] ?? ''));
  const terminalText = (): Promise<string> => page.locator('#watch-terminal .xterm-rows').innerText();

  before(async () => {
    server = await startClassroomPageServer();
    // Every hello is answered with the room, as the real server does.
    server.onSocket = (s) =>
      s.ws.on('message', (data, binary) => {
        if (!binary && (JSON.parse(String(data)) as { type: string }).type === 'hello') send(s, { type: 'room', room: classroom() });
      });
    browser = await launchBrowser();
    ({ page, consoleErrors } = await newPage(browser, { viewport: { width: 1400, height: 900 } }));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('says hello and draws the room: header, steps, learners with the stuck one first', async () => {
    await page.goto(`${server.url}/instructor`);
    socket = await server.socket(INSTRUCTOR_PATH);
    assert.deepEqual(await server.message(socket, 'hello'), { type: 'hello', version: CLASSROOM_PROTOCOL_VERSION });
    await page.locator('#room-grid tbody tr').nth(3).waitFor();
    assert.deepEqual(await rowIds(), ['bob', 'ada', 'dee', 'cy']);

    assert.equal(await page.locator('#room-title').textContent(), 'Serverless basics');
    assert.equal(await page.locator('#join-code').textContent(), 'AB12CD');
    assert.equal(await page.locator('#join-url').getAttribute('href'), 'http://127.0.0.1:4173/join?code=AB12CD');
    assert.equal(await page.locator('#seats').textContent(), '4 of 30 used, 2 warm');
    assert.equal(await page.locator('#export-csv').getAttribute('href'), '/api/export.csv');
    assert.equal(await page.locator('#export-json').getAttribute('href'), '/api/export.json');
    assert.equal(await page.locator('#connection-status').getAttribute('data-state'), 'connected');
    assert.ok(await page.locator('#grid-empty').isHidden());

    const heads = await page.locator('#room-grid thead th.col-step').evaluateAll((ths) => ths.map((th) => th.getAttribute('title')));
    assert.deepEqual(heads, ['Say hello', 'Deploy a service', 'Scale to zero']);

    const bob = page.locator('tr[data-learner="bob"]');
    assert.match((await bob.getAttribute('class')) ?? '', /\bstuck\b/);
    assert.equal(await bob.locator('.stuck-reason').textContent(), '⚠ 12 min on "Say hello"');
    assert.equal(await bob.locator('td.col-time').textContent(), '12:00');
    assert.match((await page.locator('tr[data-learner="cy"]').getAttribute('class')) ?? '', /\bexpired\b/);
    assert.equal(await page.locator('tr[data-learner="cy"] .extend-seat').isDisabled(), true);
    assert.equal(await page.locator('tr[data-learner="cy"] .presence').getAttribute('data-online'), 'false');

    const kinds = (id: string): Promise<(string | null)[]> =>
      page.locator(`tr[data-learner="${id}"] td.cell`).evaluateAll((tds) => tds.map((td) => td.getAttribute('data-kind')));
    assert.deepEqual(await kinds('ada'), ['passed', 'skipped', 'current']);
    assert.deepEqual(await kinds('bob'), ['current', 'pending', 'pending']);
    assert.deepEqual(await kinds('dee'), ['passed', 'failing', 'pending']);
    const marks = await page.locator('tr[data-learner="ada"] td.cell .cell-mark').allTextContents();
    assert.deepEqual(marks, ['✓', '↷', '▶']);

    // The failing cell: its hint as the tooltip and in a detail that opens.
    const failing = page.locator('tr[data-learner="dee"] td.cell[data-kind="failing"]');
    assert.match((await failing.getAttribute('title')) ?? '', new RegExp(HINT));
    assert.equal(await failing.locator('.cell-mark').textContent(), '▶ 3');
    assert.ok(await failing.locator('details p').isHidden());
    await failing.locator('summary').click();
    assert.equal(await failing.locator('details p').textContent(), HINT);
  });

  it('updates rows in place, keeps an opened hint open, and moves a newly stuck learner to the top', async () => {
    // Tag the rows' elements: an update in place keeps them.
    await page.locator('#room-grid tbody tr').evaluateAll((rows) => rows.forEach((r) => ((r as HTMLElement).dataset['tag'] = 'kept')));
    send(socket, { type: 'room', room: classroom({}, (l) => (l[0]!.currentStepMs = 43_000)) });
    await page.locator('tr[data-learner="ada"] td.col-time').filter({ hasText: '0:43' }).waitFor();
    assert.equal(await page.locator('#room-grid tbody tr[data-tag="kept"]').count(), 4);
    assert.equal(await page.locator('tr[data-learner="dee"] td.cell[data-kind="failing"] details').getAttribute('open'), '');

    send(socket, { type: 'room', room: classroom({}, (l) => (l[0]!.stuck = 'failed 6 times')) });
    await page.waitForFunction(() => document.querySelector('#room-grid tbody tr')?.getAttribute('data-learner') === 'ada');
    assert.deepEqual(await rowIds(), ['ada', 'bob', 'dee', 'cy']);
    assert.equal(await page.locator('#room-grid tbody tr[data-tag="kept"]').count(), 4, 'moved, not redrawn');
    send(socket, { type: 'room', room: classroom() });
    await page.waitForFunction(() => document.querySelector('#room-grid tbody tr')?.getAttribute('data-learner') === 'bob');
  });

  it("clicking a learner asks to watch; the terminal shows their output, read-only, at their size", async () => {
    const from = socket.received.length;
    await page.locator('tr[data-learner="ada"] .learner-watch').click();
    assert.deepEqual(await server.message(socket, 'watch', from), { type: 'watch', learnerId: 'ada' });
    assert.equal(await page.locator('#watch-panel').isVisible(), true);
    send(socket, { type: 'watching', learnerId: 'ada', name: 'Ada', cols: 90, rows: 20 });
    socket.sendBinary(Buffer.from('ada@kubeclass:~$ kubectl get ksvc\r\n\x1b[32mhello\x1b[0m   Ready\r\n'));
    await page.waitForFunction(() => document.querySelector('#watch-terminal .xterm-rows')?.textContent?.includes('kubectl get ksvc') ?? false);
    assert.match(await terminalText(), /hello\s+Ready/);
    assert.equal(await page.locator('#watch-title').textContent(), "Ada's terminal");
    assert.equal(await page.locator('#watch-terminal .xterm-rows > div').count(), 20, "the learner's rows");
    assert.equal(await page.locator('tr[data-learner="ada"] .learner-watch').getAttribute('aria-pressed'), 'true');

    // Keystrokes in the watched terminal go nowhere: no frame reaches the server.
    const before = socket.received.length;
    await page.locator('#watch-terminal').click();
    await page.keyboard.type('rm -rf /\n');
    await page.waitForTimeout(200);
    assert.equal(socket.received.length, before);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, 'instructor-page.png') });
  });

  it('a dropped socket reconnects, says hello again and asks for the same terminal', async () => {
    const old = socket;
    old.ws.terminate();
    const next = await until('a new socket', () => server.sockets.find((s) => s.path === INSTRUCTOR_PATH && s !== old && !s.closed));
    await server.message(next, 'hello');
    assert.deepEqual(await server.message(next, 'watch'), { type: 'watch', learnerId: 'ada' });
    socket = next;
    send(socket, { type: 'watching', learnerId: 'ada', name: 'Ada', cols: 90, rows: 20 });
    socket.sendBinary(Buffer.from('after the reconnect\r\n'));
    await page.waitForFunction(() => document.querySelector('#watch-terminal .xterm-rows')?.textContent?.includes('after the reconnect') ?? false);
    assert.doesNotMatch(await terminalText(), /kubectl get ksvc/, 'the screen starts afresh on watching');
  });

  it('shows why the view ended, and Close sends unwatch', async () => {
    send(socket, { type: 'watch-ended', learnerId: 'ada', reason: 'the shell exited' });
    await page.locator('#watch-status').filter({ hasText: 'the shell exited' }).waitFor();
    const from = socket.received.length;
    await page.locator('#watch-close').click();
    assert.deepEqual(await server.message(socket, 'unwatch', from), { type: 'unwatch' });
    assert.equal(await page.locator('#watch-panel').isHidden(), true);
    assert.equal(await page.locator('tr[data-learner="ada"] .learner-watch').getAttribute('aria-pressed'), 'false');
  });

  it('sends a broadcast and lists the room’s broadcasts; Extend sends extend', async () => {
    let from = socket.received.length;
    await page.locator('#broadcast-text').fill('  Break until 11:00  ');
    assert.equal(await page.locator('#broadcast-count').textContent(), '21/500');
    await page.locator('#broadcast-send').click();
    assert.deepEqual(await server.message(socket, 'broadcast', from), { type: 'broadcast', text: 'Break until 11:00' });
    assert.equal(await page.locator('#broadcast-text').inputValue(), '');
    send(socket, { type: 'room', room: classroom({ broadcasts: [{ at: Date.now() - 60_000, text: 'Welcome!' }, { at: Date.now(), text: 'Break until 11:00' }] }) });
    await page.locator('#broadcast-list li').nth(1).waitFor();
    assert.deepEqual(await page.locator('#broadcast-list .broadcast-text').allTextContents(), ['Break until 11:00', 'Welcome!']);
    assert.equal(await page.locator('#broadcast-empty').isHidden(), true);

    from = socket.received.length;
    await page.locator('tr[data-learner="dee"] .extend-seat').click();
    assert.deepEqual(await server.message(socket, 'extend', from), { type: 'extend', learnerId: 'dee' });
  });

  it('shows a server error, and no console error happened', async () => {
    send(socket, { type: 'error', message: 'no such learner' });
    await page.locator('#notice').filter({ hasText: 'no such learner' }).waitFor();
    assert.deepEqual(consoleErrors, []);
  });
});
