// The page in a real browser: open the printed URL, type, see the output and the gutter mark.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, browserUnavailable, launchBrowser, newPage } from '../support/browser.js';
import { startServer, type ServerProcess } from '../support/server-process.js';

const skip = browserUnavailable(process.env);

/** The terminal's visible text, read from xterm.js's buffer. */
function screenText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const buffer = window.kubeclass?.term.buffer.active;
    if (!buffer) return '';
    const lines: string[] = [];
    for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
    return lines.join('\n');
  });
}

async function waitForCommand(page: Page, commandLine: string): Promise<{ exitCode: number; output: string }> {
  const handle = await page.waitForFunction(
    (line) => window.kubeclass?.commands.find((c) => c.commandLine === line),
    commandLine,
    { timeout: 10_000 },
  );
  return (await handle.jsonValue()) as { exitCode: number; output: string };
}

describe('the page in Chromium', { skip }, () => {
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[] = [];

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    ({ page, consoleErrors } = await newPage(browser));
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens the printed URL, drops the token from the address and connects', async () => {
    await page.goto(server.url);
    assert.equal(new URL(page.url()).search, '', 'the token left the address bar');
    await page.waitForFunction(() => window.kubeclass?.state === 'connected', undefined, { timeout: 10_000 });
    await page.waitForFunction(() => (window.kubeclass?.processed ?? 0) > 0, undefined, { timeout: 10_000 });
  });

  it('runs a typed command, shows its output and a success mark', async () => {
    await page.locator('#terminal').click();
    await page.keyboard.type('echo hello-from-the-browser');
    await page.keyboard.press('Enter');
    const event = await waitForCommand(page, 'echo hello-from-the-browser');
    assert.equal(event.exitCode, 0);
    assert.equal(event.output, 'hello-from-the-browser\n');
    await page.waitForFunction(() => (window.kubeclass?.marks.success ?? 0) >= 1, undefined, { timeout: 5000 });
    assert.match(await screenText(page), /^hello-from-the-browser$/m);
    await page.locator('.command-mark-ok').first().waitFor({ state: 'visible', timeout: 5000 });
    assert.match((await page.locator('#status-bar').textContent()) ?? '', /echo hello-from-the-browser/);
    await page.screenshot({ path: join(ARTIFACTS, 'terminal.png') });
  });

  it('marks a failing command in red', async () => {
    await page.keyboard.type('ls /does-not-exist');
    await page.keyboard.press('Enter');
    const event = await waitForCommand(page, 'ls /does-not-exist');
    assert.equal(event.exitCode, 2);
    await page.locator('.command-mark-fail').first().waitFor({ state: 'visible', timeout: 5000 });
  });

  it('a reload re-attaches to the same shell with its output', async () => {
    const sessionBefore = await page.evaluate(() => window.kubeclass?.sessionId);
    await page.keyboard.type('export KEPT=yes-still-here');
    await page.keyboard.press('Enter');
    await waitForCommand(page, 'export KEPT=yes-still-here');
    await page.reload();
    await page.waitForFunction(() => window.kubeclass?.state === 'connected', undefined, { timeout: 10_000 });
    assert.equal(await page.evaluate(() => window.kubeclass?.sessionId), sessionBefore);
    await page.waitForFunction(() => (window.kubeclass?.term.buffer.active.length ?? 0) > 3, undefined, { timeout: 5000 });
    assert.match(await screenText(page), /hello-from-the-browser/);
    await page.locator('#terminal').click();
    await page.keyboard.type('echo $KEPT');
    await page.keyboard.press('Enter');
    assert.equal((await waitForCommand(page, 'echo $KEPT')).output, 'yes-still-here\n');
  });

  it('resizing the window resizes the shell', async () => {
    const before = (await waitForCommandAfterTyping(page, 'stty size')).output.trim();
    await page.setViewportSize({ width: 900, height: 500 });
    await page.waitForTimeout(400);
    const after = (await waitForCommandAfterTyping(page, 'stty size ')).output.trim();
    assert.notEqual(after, before);
    const [rows, cols] = after.split(' ').map(Number);
    assert.ok((rows ?? 0) > 5 && (cols ?? 0) > 20, after);
  });

  it('pastes with Ctrl+Shift+V through bracketed paste, as one block', async () => {
    const context = page.context();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    await page.evaluate(() => navigator.clipboard.writeText('echo pasted-one; echo pasted-two'));
    await page.locator('#terminal').click();
    await page.keyboard.press('Control+Shift+V');
    await page.waitForFunction(() => {
      const b = window.kubeclass?.term.buffer.active;
      return b ? b.getLine(b.baseY + b.cursorY)?.translateToString(true).includes('pasted-two') : false;
    }, undefined, { timeout: 5000 });
    await page.keyboard.press('Enter');
    const event = await waitForCommand(page, 'echo pasted-one; echo pasted-two');
    assert.equal(event.output, 'pasted-one\npasted-two\n');
  });

  it('logged no errors and no CSP violations', () => {
    assert.deepEqual(consoleErrors, []);
  });
});

async function waitForCommandAfterTyping(page: Page, line: string): Promise<{ exitCode: number; output: string }> {
  await page.locator('#terminal').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  return waitForCommand(page, line);
}
