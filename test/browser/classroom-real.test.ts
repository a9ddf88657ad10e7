// The classroom end to end in Chromium, against the real `kubeclass classroom` (a child process): a learner joins
// through the join page, passes the first step in their own confined terminal, and the instructor's page (its
// own browser context, so its own cookies) shows them in the grid, watches their terminal read-only, and sends a
// broadcast that appears on the learner's page.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { browserUnavailable, launchBrowser, newPage } from '../support/browser.js';
import { CLI } from '../support/server-process.js';

const skip = browserUnavailable(process.env);

describe('a classroom in Chromium, end to end', { skip }, () => {
  let dataDir: string;
  let proc: ChildProcess;
  let instructorUrl: string;
  let joinUrl: string;
  let browser: Browser;
  let learner: Page;
  let teacher: Page;
  const errors: string[] = [];

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kubeclass-classroom-browser-'));
    proc = spawn(process.execPath, [CLI, 'classroom', '--lesson', 'serverless-on-kubernetes', '--port', '0', '--data-dir', dataDir, '--warm', '1', '--seats', '3'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the classroom did not start:\n${out}\n${err}`)), 60_000);
      proc.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const teacherMatch = /(http:\/\/\S+\/instructor\?token=\S+)/.exec(out);
        const joinMatch = /(http:\/\/\S+\/join\?code=\S+)/.exec(out);
        if (teacherMatch && joinMatch) {
          clearTimeout(timer);
          instructorUrl = teacherMatch[1]!;
          joinUrl = joinMatch[1]!;
          resolve();
        }
      });
      proc.once('exit', (code) => reject(new Error(`the classroom exited with ${code}:\n${err}`)));
    });
    browser = await launchBrowser();
    const a = await newPage(browser);
    learner = a.page;
    const b = await newPage(browser);
    teacher = b.page;
    for (const list of [a.consoleErrors, b.consoleErrors]) errors.push(...list);
  });
  after(async () => {
    await browser?.close();
    if (proc && proc.exitCode === null) {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('a learner joins by the join page and passes the first step in their own terminal', async () => {
    await learner.goto(joinUrl);
    await learner.locator('#join-name').fill('Grace Hopper');
    await learner.locator('#join-submit').click();
    await learner.waitForURL((url) => url.pathname === '/', { timeout: 15_000 });
    await learner.waitForFunction(() => window.kubeclass?.lesson.currentStepId === 'cluster', undefined, { timeout: 30_000 });
    assert.equal(await learner.locator('#seat-name').textContent(), 'Grace Hopper');
    await learner.waitForFunction(() => window.kubeclass?.lesson.cluster === 'ready', undefined, { timeout: 60_000 });
    await learner.locator('#terminal').click();
    await learner.keyboard.type('kubectl get nodes\r');
    await learner.locator('.step-banner').getByText('Step passed').waitFor({ timeout: 30_000 });
  });

  it("the instructor's page shows the learner, watches the terminal read-only, and broadcasts to the room", async () => {
    await teacher.goto(instructorUrl);
    const row = teacher.locator('#room-grid tr', { hasText: 'Grace Hopper' });
    await row.waitFor({ timeout: 15_000 });
    await row.locator('td', { hasText: '✓' }).first().waitFor({ timeout: 15_000 });
    await row.locator('button[data-action="watch"]').click();
    // The learner's own output, replayed into the read-only terminal (xterm draws spaces as no-break spaces).
    await teacher.waitForFunction(() => (document.querySelector('#watch-terminal .xterm-rows')?.textContent ?? '').replace(/\s/g, ' ').includes('kubeclass-control-plane   Ready'), undefined, { timeout: 15_000 });
    await teacher.locator('#broadcast-text').fill('Lunch at noon');
    await teacher.locator('#broadcast-send').click();
    await learner.locator('#seat-broadcast').getByText('Lunch at noon').waitFor({ timeout: 15_000 });
    const csv = await teacher.evaluate(async () => (await fetch('/api/export.csv')).text());
    assert.match(csv, /^Grace Hopper,active,.*,passed,/m);
    assert.deepEqual(errors, []);
  });
});
