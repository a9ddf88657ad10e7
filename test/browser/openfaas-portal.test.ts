// The sandbox gateway's portal in Chromium: log in with basic auth, deploy figlet from the store, invoke it and
// read the real figlet's answer, delete it. The page runs under its strict CSP; any console error fails.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, browserUnavailable, launchBrowser, newPage } from '../support/browser.js';

const skip = browserUnavailable(process.env);

/** The part of RunningSandbox this test uses. */
interface Sandbox {
  openfaas: { host: string; port: number; password: string } | undefined;
  close(): Promise<void>;
}

/** The sandbox, imported by a computed path: browser tests type-check with the DOM lib, which the server's
 * own sources are not written for, so the compiler must not follow this import. */
async function startSandbox(options: { knative: boolean }): Promise<Sandbox> {
  const path = new URL('../../server/clusters/sandbox/sandbox-server.js', import.meta.url).href;
  const mod = (await import(path)) as { startSandbox(o: { knative: boolean }): Promise<Sandbox> };
  return mod.startSandbox(options);
}

describe('the OpenFaaS portal in Chromium', { skip }, () => {
  let sandbox: Sandbox;
  let browser: Browser;
  let page: Page;
  let gateway: string;
  let consoleErrors: string[] = [];

  before(async () => {
    sandbox = await startSandbox({ knative: false });
    assert.ok(sandbox.openfaas);
    gateway = `http://${sandbox.openfaas.host}:${sandbox.openfaas.port}`;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  it('is refused without credentials', async () => {
    const context = await browser.newContext();
    // Headless Chromium has nobody to ask for a password: the 401's challenge ends the navigation.
    await assert.rejects((await context.newPage()).goto(`${gateway}/ui/`), /ERR_INVALID_AUTH_CREDENTIALS/);
    await context.close();
  });

  it('logs in with basic auth and lists no functions yet', async () => {
    ({ page, consoleErrors } = await newPage(browser, { httpCredentials: { username: 'admin', password: sandbox.openfaas?.password ?? '' }, viewport: { width: 1200, height: 900 } }));
    const response = await page.goto(`${gateway}/`);
    assert.equal(new URL(page.url()).pathname, '/ui/', '/ redirects to the portal');
    assert.equal(response?.status(), 200);
    await page.locator('#gateway-info').filter({ hasText: 'faas-netes-ce' }).waitFor({ timeout: 10_000 });
    await page.locator('#no-functions').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#functions tbody tr').count(), 0);
  });

  it('deploys figlet from the store; it becomes Ready', async () => {
    await page.locator('#store-select').selectOption('figlet');
    assert.match((await page.locator('#store-description').textContent()) ?? '', /ghcr\.io\/openfaas\/figlet:latest/);
    await page.locator('#store-deploy').click();
    const row = page.locator('#functions tbody tr[data-function="figlet"]');
    await row.waitFor({ timeout: 10_000 });
    assert.equal(await row.locator('.image').textContent(), 'ghcr.io/openfaas/figlet:latest');
    await row.locator('.status').filter({ hasText: /^Ready$/ }).waitFor({ timeout: 20_000 });
    assert.equal(await row.locator('.replicas').textContent(), '1');
  });

  it("invokes it and shows the real figlet's answer, the status and the duration", async () => {
    await page.locator('#invoke-select').selectOption('figlet');
    await page.locator('#invoke-body').fill('kubeclass');
    await page.locator('#invoke').click();
    await page.locator('#invoke-response').waitFor({ state: 'visible', timeout: 20_000 });
    const expected = spawnSync('figlet', { input: 'kubeclass', encoding: 'utf8' }).stdout;
    assert.ok(expected.length > 20, 'figlet is installed on this machine');
    assert.equal(await page.locator('#invoke-response').textContent(), expected);
    assert.equal(await page.locator('#invoke-status').textContent(), '200 OK');
    assert.match((await page.locator('#invoke-duration').textContent()) ?? '', /^\d+ ms$|^\d+\.\d\d s$/);
    const row = page.locator('#functions tbody tr[data-function="figlet"]');
    await row.locator('.invocations').filter({ hasText: /^1$/ }).waitFor({ timeout: 5000 });
    await page.screenshot({ path: join(ARTIFACTS, 'openfaas-portal.png'), fullPage: true });
  });

  it('deletes it: the row goes and the gateway lists no function', async () => {
    await page.locator('button[data-delete="figlet"]').click();
    await page.locator('#functions tbody tr[data-function="figlet"]').waitFor({ state: 'detached', timeout: 10_000 });
    await page.locator('#message').filter({ hasText: 'Deleted figlet.' }).waitFor();
    const listed = await page.evaluate(async () => (await fetch('/system/functions')).json());
    assert.deepEqual(listed, []);
    assert.deepEqual(consoleErrors, []);
  });
});
