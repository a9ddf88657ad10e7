// Keystroke echo as a person sees it: Chromium presses a key on the peer's own page, and the time runs in the page
// from the keydown event until xterm.js has parsed the echo (onWriteParsed with the cursor one cell further).
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { onCleanup, sleep, withTimeout } from './proc.js';
import type { BrowserTarget } from './types.js';

// Page-side shapes (the scripts are compiled without DOM types).
interface XtermBufferLike {
  baseY: number;
  cursorY: number;
  cursorX: number;
  getLine(y: number): { translateToString(trimRight?: boolean): string } | undefined;
}
interface XtermLike {
  buffer: { active: XtermBufferLike };
  onWriteParsed(listener: () => void): { dispose(): void };
  focus(): void;
}
interface PageGlobals {
  kubeclass?: { term?: XtermLike };
  wetty_term?: XtermLike;
  __benchEcho?: Promise<number>;
  document: { addEventListener(type: string, listener: () => void, options: object): void };
}

export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  onCleanup(() => browser.close());
  return browser;
}

/** One peer's page in its own browser context, ready to type into. */
export class PageTypist {
  private typed = 0;

  private constructor(
    private readonly context: BrowserContext,
    private readonly page: Page,
    private readonly kind: BrowserTarget['termGlobal'],
    private readonly x0: number,
    private readonly gapMs: number,
    private readonly clearEvery: number,
  ) {}

  static async open(browser: Browser, target: BrowserTarget, gapMs: number, clearEvery = 30): Promise<PageTypist> {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1200, height: 800 } });
    try {
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (err) => pageErrors.push(err.message));
      await page.goto(target.url, { waitUntil: 'load', timeout: 20_000 });
      const kind = target.termGlobal;
      // Wait for a prompt: a non-empty cursor line that stays the same for 500 ms.
      const deadline = Date.now() + 30_000;
      let last = '';
      let stableSince = Date.now();
      for (;;) {
        const s = await PageTypist.state(page, kind);
        const key = s ? `${s.x}|${s.line}` : '';
        if (key !== last) {
          last = key;
          stableSince = Date.now();
        } else if (s && s.line.trim() !== '' && s.x > 0 && Date.now() - stableSince >= 500) {
          break;
        }
        if (Date.now() > deadline) {
          throw new Error(`no prompt on the page within 30 s (state ${JSON.stringify(s)}; ${pageErrors.join('; ')})`);
        }
        await sleep(50);
      }
      await page.evaluate((k) => {
        const w = globalThis as unknown as PageGlobals;
        (k === 'kubeclass' ? w.kubeclass?.term : w.wetty_term)?.focus();
      }, kind);
      const start = await PageTypist.state(page, kind);
      if (!start) throw new Error('the terminal vanished');
      return new PageTypist(context, page, kind, start.x, gapMs, clearEvery);
    } catch (err) {
      await context.close().catch(() => undefined);
      throw err;
    }
  }

  private static state(page: Page, kind: BrowserTarget['termGlobal']): Promise<{ x: number; line: string } | null> {
    return page.evaluate((k) => {
      const w = globalThis as unknown as PageGlobals;
      const term = k === 'kubeclass' ? w.kubeclass?.term : w.wetty_term;
      if (!term) return null;
      const b = term.buffer.active;
      return { x: b.cursorX, line: b.getLine(b.baseY + b.cursorY)?.translateToString(true) ?? '' };
    }, kind);
  }

  /** Presses 'a' and returns the in-page time from keydown until xterm.js parsed the echo. */
  async keystroke(): Promise<number> {
    const page = this.page;
    if (this.typed > 0 && this.typed % this.clearEvery === 0) {
      await page.keyboard.press('Control+u');
      const until = Date.now() + 10_000;
      while ((await PageTypist.state(page, this.kind))?.x !== this.x0) {
        if (Date.now() > until) throw new Error('Ctrl-U did not clear the line');
        await sleep(5);
      }
    } else if (this.gapMs > 0) {
      await sleep(this.gapMs);
    }
    const expectX = this.x0 + (this.typed % this.clearEvery) + 1;
    await page.evaluate(
      ([k, x]) => {
        const w = globalThis as unknown as PageGlobals;
        const term = k === 'kubeclass' ? w.kubeclass?.term : w.wetty_term;
        if (!term) throw new Error('no terminal');
        w.__benchEcho = new Promise<number>((resolve) => {
          let t0 = -1;
          w.document.addEventListener(
            'keydown',
            () => {
              t0 = performance.now();
            },
            { capture: true, once: true },
          );
          const sub = term.onWriteParsed(() => {
            if (t0 >= 0 && term.buffer.active.cursorX === x) {
              sub.dispose();
              resolve(performance.now() - t0);
            }
          });
        });
      },
      [this.kind, expectX] as const,
    );
    await page.keyboard.press('a');
    const dt = await withTimeout(
      page.evaluate(() => (globalThis as unknown as PageGlobals).__benchEcho as Promise<number>),
      10_000,
      `page echo of keystroke ${this.typed + 1}`,
    );
    this.typed++;
    return dt;
  }

  async close(screenshotPath?: string): Promise<void> {
    try {
      if (screenshotPath) await this.page.screenshot({ path: screenshotPath });
    } finally {
      await this.context.close().catch(() => undefined);
    }
  }
}
