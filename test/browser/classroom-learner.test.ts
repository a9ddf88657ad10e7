// The learner's side of a classroom in Chromium, against a stand-in server (the real one is built apart): the join
// form (code from the address, the name remembered, the server's refusal shown, success opens the lesson page),
// and on the lesson page the seat's name, the expiry warning with "I'm still here", and a dismissible broadcast.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { SeatServerMessage } from '../../server/common/classroom-protocol.js';
import { LESSON_PATH } from '../../server/common/lesson-protocol.js';
import { PROTOCOL_VERSION } from '../../server/common/protocol.js';
import { browserUnavailable, launchBrowser, newPage } from '../support/browser.js';
import { startClassroomPageServer, type ClassroomPageServer, type FakeSocket } from '../support/classroom-page-server.js';
import { until } from '../support/wait.js';

const skip = browserUnavailable(process.env);

const SESSION = '0123456789abcdef0123456789abcdef';
const BROADCAST: SeatServerMessage = { type: 'broadcast', at: 1_700_000_000_000, text: 'Break until 11:00' };

describe('the classroom pages of a learner in Chromium', { skip }, () => {
  let server: ClassroomPageServer;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[] = [];

  before(async () => {
    server = await startClassroomPageServer();
    // The terminal attaches at once (no shell behind it); the lesson socket replays the room's last broadcast.
    server.onSocket = (s) =>
      s.ws.on('message', (data, binary) => {
        if (binary || (JSON.parse(String(data)) as { type: string }).type !== 'hello') return;
        if (s.path === '/ws/terminal') {
          s.send({ type: 'ready', version: PROTOCOL_VERSION, sessionId: SESSION, replayFrom: 0, reset: false, skipped: 0, newShell: true, nonce: 'n', ackEvery: 65536 });
        } else if (s.path === LESSON_PATH) {
          s.send(BROADCAST);
        }
      });
    browser = await launchBrowser();
    ({ page, consoleErrors } = await newPage(browser));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('join: the code comes from the address; a wrong form and a refusal are said in the live region', async () => {
    await page.goto(`${server.url}/join?code=AB12CD`);
    assert.equal(await page.locator('#join-code').inputValue(), 'AB12CD');
    assert.equal(await page.locator('#join-name').getAttribute('maxlength'), '40');
    assert.equal(await page.locator('#join-error').getAttribute('aria-live'), 'polite');
    await page.locator('#join-submit').click();
    assert.equal(await page.locator('#join-error').textContent(), 'Enter your name (up to 40 characters).');
    assert.equal(await page.locator('#join-name').getAttribute('aria-invalid'), 'true');
    assert.equal(server.joins.length, 0, 'nothing sent');

    server.joinAnswer = { status: 403, body: { ok: false, error: 'this class is full' } };
    await page.locator('#join-name').fill('  Ada   Lovelace ');
    await page.keyboard.press('Enter');
    await page.locator('#join-error').filter({ hasText: 'this class is full' }).waitFor();
    assert.deepEqual(server.joins, [{ code: 'AB12CD', name: 'Ada Lovelace' }]);
    assert.equal(await page.locator('#join-submit').isEnabled(), true);
    // Chromium logs every 4xx answer; that one was meant, anything else later is not.
    assert.deepEqual(consoleErrors.splice(0), ['Failed to load resource: the server responded with a status of 403 (Forbidden)']);
  });

  it('join: success opens the lesson page; the name is there on the next visit', async () => {
    server.joinAnswer = { status: 200, body: { ok: true, learnerId: 'l1', name: 'Ada Lovelace', rejoined: false } };
    await page.locator('#join-submit').click();
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/join`);
    assert.equal(await page.locator('#join-code').inputValue(), '');
    assert.equal(await page.locator('#join-name').inputValue(), 'Ada Lovelace');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'join-code', 'focus where typing starts');
  });

  it("lesson page: the seat's name, the expiry warning and I'm still here", async () => {
    await page.goto(`${server.url}/`);
    const lesson = await server.socket(LESSON_PATH);
    await server.message(lesson, 'hello');
    lesson.send({ type: 'seat', name: 'Ada Lovelace', expiresAt: Date.now() + 4.5 * 60_000, warning: true } satisfies SeatServerMessage);
    await page.locator('#seat-name').filter({ hasText: 'Ada Lovelace' }).waitFor();
    const warning = page.locator('#seat-warning .seat-warning');
    await warning.waitFor();
    assert.equal(await warning.locator('p').textContent(), 'Your seat expires in 5 min without activity');
    const from = lesson.received.length;
    await warning.getByRole('button', { name: "I'm still here" }).click();
    assert.deepEqual(await server.message(lesson, 'extend-seat', from), { type: 'extend-seat' });
    await warning.waitFor({ state: 'detached' });
    // The server confirms with a seat without warning: nothing comes back.
    lesson.send({ type: 'seat', name: 'Ada Lovelace', expiresAt: Date.now() + 20 * 60_000, warning: false } satisfies SeatServerMessage);
    await page.waitForTimeout(200);
    assert.equal(await page.locator('#seat-warning').innerHTML(), '');
  });

  it('lesson page: a broadcast is a banner above the lesson until dismissed, also after a reload', async () => {
    const banner = page.locator('#seat-broadcast .broadcast-banner');
    await banner.waitFor();
    assert.equal(await banner.locator('p').textContent(), 'From the instructor: Break until 11:00');
    assert.equal(await page.locator('#seat-broadcast').getAttribute('aria-live'), 'polite');
    // An older one replayed later does not replace the newest.
    const lesson = await server.socket(LESSON_PATH);
    lesson.send({ ...BROADCAST, at: BROADCAST.at - 1000, text: 'Welcome' });
    await page.waitForTimeout(200);
    assert.equal(await banner.locator('p').textContent(), 'From the instructor: Break until 11:00');

    await banner.getByRole('button', { name: 'Dismiss' }).click();
    await banner.waitFor({ state: 'detached' });
    await page.reload();
    // The new socket's hello is answered with the same broadcast again.
    const again = await until('the new lesson socket', () => server.sockets.find((s) => s.path === LESSON_PATH && s !== lesson && !s.closed && s.received.length > 0));
    await page.waitForTimeout(300);
    assert.equal(await page.locator('#seat-broadcast .broadcast-banner').count(), 0, 'a dismissed broadcast stays dismissed');

    const fresh: FakeSocket = again;
    fresh.send({ ...BROADCAST, at: BROADCAST.at + 60_000, text: 'Back at your desks' });
    await page.locator('#seat-broadcast .broadcast-banner p').filter({ hasText: 'Back at your desks' }).waitFor();
    assert.deepEqual(consoleErrors, []);
  });
});
