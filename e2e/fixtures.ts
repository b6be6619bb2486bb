/**
 * The shared fixture: every test fails on a console error, an uncaught exception, or an
 * unhandled promise rejection in the page or the worker — a learner would see a broken app.
 */
import { test as base, expect, type Page } from '@playwright/test';

export const test = base.extend<{ errors: string[] }>({
  errors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`);
      });
      page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
      page.on('worker', (w) => w.on('console', (msg) => msg.type() === 'error' && errors.push(`worker console.error: ${msg.text()}`)));
      await page.addInitScript({ content: "window.addEventListener('unhandledrejection', (e) => console.error('unhandled rejection: ' + String(e.reason)));" });
      await use(errors);
      expect(errors, 'the page logged errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Names of the pods shown on the canvas whose name starts with `prefix`. */
export async function podNames(page: Page, prefix = ''): Promise<string[]> {
  const ids = await page.locator(`[data-testid^="pod.${prefix}"]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''));
  return ids.map((id) => id.slice('pod.'.length)).sort();
}

/** Opens the playground and waits until the live cluster is on screen. */
export async function openPlayground(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('app')).toHaveAttribute('data-live', 'true');
}

/**
 * Where a README screenshot goes: `docs/` when refreshing them on purpose
 * (`npm run docs:screens`), else `test-results/` so a test run leaves the tree clean.
 */
export function docsShot(name: string): string {
  return process.env.UPDATE_DOCS ? `docs/${name}` : `test-results/${name}`;
}
