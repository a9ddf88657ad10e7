// The article lesson in a real browser beside a real terminal and the playground's sandbox: click Run, see the
// command run in the terminal and the step turn green; a typo of the article gets its hint; the language
// switch (the page's own words too); the steps still green after a reload and after the server restarted; a
// quiz's verdict after a reload.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, browserUnavailable, launchBrowser, newPage } from '../support/browser.js';
import { startServer, type ServerProcess } from '../support/server-process.js';

const skip = browserUnavailable(process.env);

/** As the step list shows them: a pending step the learner is on is `current`. */
type Status = 'pending' | 'current' | 'passed' | 'skipped';

function lessonState(page: Page): Promise<{ currentStepId: string | null; statuses: Record<string, Status>; locale: string | null }> {
  return page.evaluate(() => {
    const lesson = window.kubeclass?.lesson;
    return { currentStepId: lesson?.currentStepId ?? null, statuses: { ...(lesson?.statuses ?? {}) }, locale: lesson?.locale ?? null };
  });
}

async function waitForStatus(page: Page, stepId: string, status: Status, timeout = 20_000): Promise<void> {
  await page.waitForFunction(([id, s]) => window.kubeclass?.lesson.statuses[id!] === s, [stepId, status] as const, { timeout });
}

/** Clicks the Run button of the current step's n-th runnable block and waits for the terminal's command event. */
async function run(page: Page, index: number, expectedLine: string): Promise<void> {
  const before = await page.evaluate(() => window.kubeclass?.commands.length ?? 0);
  await page.locator('.step-body .code-run').nth(index).click();
  await page.waitForFunction(
    ([n, line]) => (window.kubeclass?.commands ?? []).slice(n as number).some((c) => c.commandLine === line),
    [before, expectedLine] as const,
    { timeout: 20_000 },
  );
}

describe('the lesson pane in Chromium', { skip }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kubeclass-browser-lesson-'));
  const token = `browser-${Math.random().toString(36).slice(2)}-token`;
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[] = [];
  // A restart keeps the port: the page's session id lives in localStorage, which belongs to the origin.
  const start = (port?: number): Promise<ServerProcess> =>
    startServer(['--data-dir', dataDir, '--token', token, ...(port ? ['--port', String(port)] : [])]);
  const url = (): string => `http://127.0.0.1:${server.port}/?token=${token}`;

  before(async () => {
    server = await start();
    browser = await launchBrowser();
    ({ page, consoleErrors } = await newPage(browser));
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens the article lesson on its first step beside the terminal, and the cluster comes up', async () => {
    await page.goto(url());
    await page.waitForFunction(() => window.kubeclass?.lesson.currentStepId === 'cluster', undefined, { timeout: 15_000 });
    assert.equal(await page.locator('#lesson-title').textContent(), 'Serverless on Kubernetes');
    assert.match((await page.locator('.step-title').textContent()) ?? '', /A cluster to work on/);
    // Side by side at 1280x720: the lesson on the left, the terminal on the right, both usable.
    const lessonBox = await page.locator('#lesson-pane').boundingBox();
    const termBox = await page.locator('#terminal').boundingBox();
    assert.ok(lessonBox && termBox && lessonBox.x + lessonBox.width <= termBox.x + 1, 'lesson left of the terminal');
    assert.ok(lessonBox.width >= 400 && termBox.width >= 400, `widths ${lessonBox.width} / ${termBox.width}`);
    await page.waitForFunction(() => window.kubeclass?.lesson.cluster === 'ready', undefined, { timeout: 60_000 });
  });

  it('Run types the block into the terminal and the step turns green', async () => {
    await run(page, 0, 'kubectl get nodes');
    await waitForStatus(page, 'cluster', 'passed');
    await page.locator('.step-banner').getByText('Step passed').waitFor({ timeout: 5000 });
    const chip = page.locator('.step-chip').first();
    assert.match((await chip.getAttribute('aria-label')) ?? (await chip.getAttribute('title')) ?? '', /passed|done/i);
    await page.screenshot({ path: join(ARTIFACTS, 'lesson-pane.png') });
  });

  it('the next step: the article typo gets its hint, then Run passes the step', async () => {
    await page.getByRole('button', { name: /Next step/ }).click();
    await page.waitForFunction(() => window.kubeclass?.lesson.currentStepId === 'knative', undefined, { timeout: 5000 });
    await page.locator('#terminal').click();
    await page.keyboard.type('kubectl get pods --namescpace knative-serving\r');
    // The check says what it expected and names the typo (shown once the learner has tried).
    await page.locator('#lesson-scroll').getByText(/kubectl has no flag --namescpace/).first().waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'lesson-hint.png') });
    await run(page, 0, 'kubectl get pods --namespace knative-serving');
    await run(page, 1, 'kubectl get pods --namespace kourier-system');
    await waitForStatus(page, 'knative', 'passed');
  });

  it('the language switch shows the lesson in Chinese with the same progress', async () => {
    await page.selectOption('#lesson-locale', 'zh');
    await page.waitForFunction(() => window.kubeclass?.lesson.locale === 'zh', undefined, { timeout: 5000 });
    const state = await lessonState(page);
    assert.equal(state.statuses.cluster, 'passed');
    assert.equal(state.statuses.knative, 'passed');
    assert.match((await page.locator('#lesson-title').textContent()) ?? '', /[\u4e00-\u9fff]/, 'a Chinese title');
    // The page's own words follow the lesson's language.
    assert.match((await page.locator('.step-body .code-run').first().textContent()) ?? '', /运行/);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hans');
    await page.selectOption('#lesson-locale', 'en');
    await page.waitForFunction(() => window.kubeclass?.lesson.locale === 'en', undefined, { timeout: 5000 });
    assert.equal(await page.locator('.step-body .code-run').first().textContent(), '▶ Run');
  });

  it('a reload and a server restart keep the green steps and the place', async () => {
    await page.reload();
    await page.waitForFunction(() => window.kubeclass?.lesson.statuses.knative === 'passed', undefined, { timeout: 15_000 });
    assert.equal((await lessonState(page)).currentStepId, 'knative');
    assert.deepEqual(consoleErrors, [], 'no console error while the server runs');
    const port = server.port;
    assert.equal(await server.stop(), 0);
    server = await start(port);
    await page.goto(url());
    await page.waitForFunction(() => window.kubeclass?.lesson.statuses.knative === 'passed', undefined, { timeout: 20_000 });
    const state = await lessonState(page);
    assert.equal(state.statuses.cluster, 'passed');
    assert.equal(state.currentStepId, 'knative');
    // While the server was down the page's reconnect attempts were refused; nothing else went wrong.
    assert.deepEqual(consoleErrors.filter((e) => !/ERR_CONNECTION_REFUSED/.test(e)), []);
  });

  it('a quiz answered wrong before a reload still says why after it', async () => {
    await page.locator('.step-chip').last().click();
    const quiz = page.locator('.quiz').first();
    await quiz.waitFor({ timeout: 10_000 });
    const choices = quiz.locator('input');
    await choices.nth((await choices.count()) - 1).check(); // the last choice of the first quiz is a wrong one
    await quiz.getByRole('button').click();
    const verdict = page.locator('.quiz-verdict').first();
    await page.waitForFunction(() => document.querySelector<HTMLElement>('.quiz-verdict')?.dataset['state'] === 'failed', undefined, { timeout: 10_000 });
    const message = await verdict.textContent();
    assert.match(message ?? '', /^✗ ./);
    await page.reload();
    await page.waitForFunction(() => document.querySelector<HTMLElement>('.quiz-verdict')?.dataset['state'] === 'failed', undefined, { timeout: 15_000 });
    assert.equal(await verdict.textContent(), message);
  });
});
