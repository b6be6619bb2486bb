import { expect, openPlayground, podNames, test } from './fixtures';

test('opens on a live cluster: 4 nodes, the demo Deployment\'s 3 pods Running', async ({ page }) => {
  // how fast the cluster appears is a benchmark figure (bench/page-load.ts), not a timed test
  await openPlayground(page);
  await expect(page.locator('section[data-testid^="node."]')).toHaveCount(4);
  expect(await page.evaluate(() => performance.getEntriesByName('playground:snapshot').length)).toBe(1);
  await expect(page.getByTestId('clock')).toHaveText(/^\d\d:\d\d:\d\d$/);

  for (const n of ['control-plane', 'node-1', 'node-2', 'node-3']) {
    await expect(page.getByTestId(`node.${n}.status`)).toHaveText('Ready');
  }
  await expect(page.locator('[data-testid^="pod.web-"][data-status="Running"]')).toHaveCount(3, { timeout: 15_000 });
  const names = await podNames(page, 'web-');
  expect(names).toHaveLength(3);
  for (const name of names) expect(name).toMatch(/^web-[a-z0-9]{8,10}-[a-z0-9]{5}$/);
  // each chip reads like a kubectl row
  const chip = page.getByTestId(`pod.${names[0]}`);
  await expect(chip).toContainText('Running');
  await expect(chip).toContainText('1/1');
  await expect(chip).toHaveAccessibleName(new RegExp(`^Pod ${names[0]}: Running, 1/1 ready, 0 restarts$`));
});

test('the clock runs, pauses and changes speed from the keyboard', async ({ page }) => {
  await openPlayground(page);
  const elapsed = page.getByTestId('clock.elapsed');
  await expect(page.getByTestId('speed.1')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('3');
  await expect(page.getByTestId('speed.60')).toHaveAttribute('aria-pressed', 'true');
  await expect(elapsed).not.toHaveText('+0:00:0', { timeout: 5000 });
  await page.keyboard.press(' ');
  await expect(page.getByTestId('time.toggle')).toHaveAttribute('aria-pressed', 'true');
  const frozen = await elapsed.textContent();
  await page.waitForTimeout(500);
  await expect(elapsed).toHaveText(frozen!);
  await page.getByTestId('time.toggle').click();
  await expect(page.getByTestId('time.toggle')).toHaveAttribute('aria-pressed', 'false');
  await expect(elapsed).not.toHaveText(frozen!);
});
