import { deflateRawSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { expect, openPlayground, podNames, test } from './fixtures';

/** Waits until the autosave (IndexedDB) holds the playground as it was after `since` (wall ms). */
async function autosavedAfter(page: Page, since: number) {
  await expect.poll(async () => Date.parse((await page.getByTestId('saves.open').getAttribute('data-saved-at')) ?? '') || 0, { timeout: 10_000 }).toBeGreaterThan(since);
}

const kubectl = (page: Page, line: string) => page.evaluate((l) => (window as unknown as { playground: { send(c: unknown): Promise<unknown> } }).playground.send({ op: 'kubectlRun', line: l }), line);

test('what the learner builds survives a reload (autosave in IndexedDB)', async ({ page }) => {
  await openPlayground(page);
  await page.keyboard.press('c');
  await page.getByTestId('palette.name').fill('shop');
  await page.getByTestId('palette.replicas').fill('2');
  const acted = Date.now();
  await page.getByTestId('palette.submit').click();
  await expect(page.getByTestId('action.outcome')).toHaveText('deployment.apps/shop created');
  await autosavedAfter(page, acted);
  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-live', 'true');
  await expect(page.getByTestId('deployment.shop.ready')).toHaveText('2 / 2', { timeout: 15_000 });
  await expect(page.locator('[data-testid^="pod.web-"]')).toHaveCount(3);
});

test('scrubbing the timeline shows the earlier cluster, and Live comes back', async ({ page }) => {
  await openPlayground(page);
  await expect(page.locator('[data-testid^="pod.web-"][data-status="Running"]')).toHaveCount(3, { timeout: 15_000 });
  await page.waitForTimeout(1500); // some history before the action
  await kubectl(page, 'kubectl scale deployment web --replicas=5');
  await expect(page.locator('[data-testid^="pod.web-"][data-status="Running"]')).toHaveCount(5, { timeout: 15_000 });
  // the action is a marker; the deployment's creation at the start too
  const pin = page.getByTestId('timeline.marker.action').last();
  await expect(pin).toHaveAttribute('title', /scale deployment web --replicas=5/);
  const at = Number(await pin.getAttribute('data-t'));
  await page.keyboard.press(' '); // pause
  await expect(page.getByTestId('time.toggle')).toHaveAttribute('aria-pressed', 'true');
  const timeline = page.getByTestId('timeline');
  const end = Number(await timeline.getAttribute('data-end'));
  const box = (await page.getByTestId('timeline.track').boundingBox())!;
  // back to a moment before the scale: three pods again
  await page.mouse.click(box.x + (box.width * Math.max(0, at - 800)) / end, box.y + box.height / 2);
  await expect(page.locator('[data-testid^="pod.web-"]')).toHaveCount(3);
  await expect(page.getByTestId('timeline.live')).toBeVisible();
  await expect(page.getByTestId('timeline.track')).toHaveAttribute('aria-valuetext', /of/);
  await page.screenshot({ path: test.info().outputPath('timeline-past.png') });
  // and forward again: End on the focused track
  await page.getByTestId('timeline.track').press('End');
  await expect(page.locator('[data-testid^="pod.web-"][data-status="Running"]')).toHaveCount(5);
  await expect(page.getByTestId('timeline.live')).toHaveCount(0);
  // acting in the past forks a branch: the picker appears
  await page.mouse.click(box.x + (box.width * Math.max(0, at - 800)) / end, box.y + box.height / 2);
  await expect(page.locator('[data-testid^="pod.web-"]')).toHaveCount(3);
  await kubectl(page, 'kubectl scale deployment web --replicas=1');
  await expect(page.getByTestId('timeline.branch')).toBeVisible();
  await expect(page.locator('[data-testid^="pod.web-"]:not([data-status="Terminating"])')).toHaveCount(1, { timeout: 10_000 });
  await page.getByTestId('timeline.branch').selectOption('0');
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-branch', '0');
  // compare two moments: the scale shows as a changed Deployment
  await page.getByTestId('timeline.compare').click();
  await page.getByTestId('compare.a').selectOption('0');
  await page.getByTestId('compare.b').selectOption(String(at));
  await page.getByTestId('compare.run').click();
  await expect(page.getByTestId('compare.changed')).toContainText('deployments/default/web');
  await page.getByTestId('compare.changed').locator('li', { hasText: 'deployments/default/web' }).getByRole('button', { name: /fields?/ }).click();
  await expect(page.getByTestId('compare.result')).toContainText(/spec\.replicas\s*3\s*→\s*5/);
  await page.screenshot({ path: test.info().outputPath('timeline-compare.png') });
});

test('a share link opened in a fresh browser reproduces the playground', async ({ page, browser }) => {
  await openPlayground(page);
  await kubectl(page, 'kubectl create deployment shared --image=nginx:1.27 --replicas=2');
  await expect.poll(() => podNames(page, 'shared-'), { timeout: 15_000 }).toHaveLength(2);
  const names = await podNames(page, 'shared-');
  await page.getByTestId('saves.open').click();
  await page.getByTestId('saves.share').click();
  const link = await page.getByTestId('share.link').inputValue();
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#s1\.[A-Za-z0-9_-]+$/);
  await page.screenshot({ path: test.info().outputPath('saves-dialog.png') });

  const other = await browser.newContext();
  const fresh = await other.newPage();
  const errors: string[] = [];
  fresh.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  fresh.on('pageerror', (e) => errors.push(e.message));
  await fresh.goto(link);
  await expect(fresh.getByTestId('app')).toHaveAttribute('data-live', 'true');
  // the same seed and actions at the same instants: the very same pod names
  await expect.poll(() => podNames(fresh, 'shared-'), { timeout: 15_000 }).toEqual(names);
  expect(new URL(fresh.url()).hash).toBe('');
  expect(errors).toEqual([]);
  await other.close();
});

test('a damaged or hostile link says so, and the playground still works', async ({ page }) => {
  const proto = `s1.${deflateRawSync(Buffer.from('{"v":1,"o":{"seed":1,"epochMs":0},"i":[],"at":0,"__proto__":{"polluted":true}}')).toString('base64url')}`;
  const cases: Array<[string, RegExp]> = [
    ['garbage<script>alert(1)</script>', /not a playground link/],
    [`s1.${'A'.repeat(20_000)}`, /too long/],
    ['s1.@@@', /not valid base64url/],
    [proto, /forbidden key "__proto__"/],
  ];
  for (const [fragment, message] of cases) {
    await page.goto('about:blank');
    await page.goto(`/#${fragment}`);
    await expect(page.getByTestId('app')).toHaveAttribute('data-live', 'true');
    await expect(page.getByRole('alert').filter({ hasText: message })).toBeVisible();
    await expect(page.locator('[data-testid^="pod.web-"]')).toHaveCount(3, { timeout: 10_000 });
    expect(await page.evaluate(() => ({}) as Record<string, unknown>)).not.toHaveProperty('polluted');
  }
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
});
