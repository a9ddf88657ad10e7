// Regenerates docs/screenshot.png (the README's picture): starts kubeclass, types a few commands in headless
// Chromium and takes a screenshot. `npm run screenshot`.
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../test/support/browser.js';
import { startServer } from '../test/support/server-process.js';

const target = fileURLToPath(new URL('../../docs/screenshot.png', import.meta.url));
const server = await startServer();
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 560 } });
  await page.goto(server.url);
  await page.waitForFunction(() => window.kubeclass?.state === 'connected');
  await page.locator('#terminal').click();
  for (const line of ['echo "Serverless on Kubernetes"', 'kubectl version --client 2>/dev/null | head -1', 'ls missing-file', 'seq 3 | paste -sd+ | bc']) {
    const count = await page.evaluate(() => window.kubeclass?.commands.length ?? 0);
    await page.keyboard.type(line);
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => (window.kubeclass?.commands.length ?? 0) > n, count);
  }
  await page.waitForTimeout(200);
  await page.screenshot({ path: target });
  process.stdout.write(`wrote ${target}\n`);
} finally {
  await browser.close();
  await server.stop();
}
