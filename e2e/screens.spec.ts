/**
 * Screenshots a new user would see, for the README and for a human to look at after changes.
 * Asserts only what the picture needs to show: the default cluster, live.
 */
import { docsShot, expect, openPlayground, test } from './fixtures';

test('screenshot: the default page and the pod inspector', async ({ page }) => {
  await openPlayground(page);
  await expect(page.locator('[data-testid^="pod.web-"][data-status="Running"]')).toHaveCount(3, { timeout: 15_000 });
  await page.waitForTimeout(400); // let enter animations finish
  await page.screenshot({ path: docsShot('screenshot-default.png') });

  const first = page.locator('[data-testid^="pod.web-"]').first();
  await first.click();
  await expect(page.getByTestId('action.delete-pod')).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshot-inspector.png' });
});
