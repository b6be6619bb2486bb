import { expect, openPlayground, test } from './fixtures';

/**
 * User text is text, never HTML: an annotation carrying markup and a script shows up verbatim in
 * the inspector's YAML and describe views, creates no element and runs nothing.
 */
test('markup in an annotation is shown as text and never runs', async ({ page }) => {
  await openPlayground(page);
  await expect(page.locator('[data-testid^="pod.web-"][data-status="Running"]')).toHaveCount(3, { timeout: 15_000 });
  await page.getByTestId('dock.tab.terminal').click();
  const term = page.getByTestId('terminal');
  await expect(term.locator('.xterm-rows')).toContainText('$', { timeout: 15_000 });
  await term.locator('.xterm-screen').click();
  const payload = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`;
  await page.keyboard.type(`kubectl annotate deployment web note='${payload}'`);
  await page.keyboard.press('Enter');
  await expect(term.locator('.xterm-rows')).toContainText('deployment.apps/web annotated');

  await page.getByTestId('deployment.web.select').click();
  await page.getByTestId('inspector.tab.yaml').click();
  await expect(page.getByTestId('inspector.yaml')).toContainText('<img src=x onerror=');
  await page.getByTestId('inspector.tab.describe').click();
  await expect(page.getByTestId('inspector.describe')).toContainText('<script>window.__pwned=2</script>');

  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('main script, aside script')).toHaveCount(0);
});
