// Regenerates docs/screenshot.png (the README's picture): starts kubeclass, passes the article lesson's first step
// with its Run button in headless Chromium, types the article's typo on the second and takes a screenshot of the
// hint. `npm run screenshot`.
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../test/support/browser.js';
import { startServer } from '../test/support/server-process.js';

const target = fileURLToPath(new URL('../../docs/screenshot.png', import.meta.url));
const server = await startServer();
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(server.url);
  await page.waitForFunction(() => window.kubeclass?.lesson.currentStepId === 'cluster' && window.kubeclass.lesson.cluster === 'ready', undefined, { timeout: 60_000 });
  await page.locator('.step-body .code-run').first().click();
  await page.waitForFunction(() => window.kubeclass?.lesson.statuses['cluster'] === 'passed', undefined, { timeout: 20_000 });
  await page.locator('.step-banner .btn-primary').click();
  await page.waitForFunction(() => window.kubeclass?.lesson.currentStepId === 'knative');
  await page.locator('#terminal').click();
  const count = await page.evaluate(() => window.kubeclass?.commands.length ?? 0);
  await page.keyboard.type('kubectl get pods --namescpace knative-serving');
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => (window.kubeclass?.commands.length ?? 0) > n, count);
  // The check list, with the typo's hint, in view.
  await page.locator('.step-checks').scrollIntoViewIfNeeded();
  await page.waitForTimeout(500);
  await page.screenshot({ path: target });
  process.stdout.write(`wrote ${target}\n`);
} finally {
  await browser.close();
  await server.stop();
}
