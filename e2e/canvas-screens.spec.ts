/**
 * The README's screenshots: the default cluster, a rollout in progress, a failed node. Each
 * asserts what the picture must show before taking it.
 */
import { docsShot, expect, openPlayground, test } from './fixtures';

test('screenshot: the default cluster with a Service and an Ingress taking traffic', async ({ page }) => {
  await openPlayground(page);
  await expect(page.locator('[data-testid^="pod.web-"][data-status="Running"]')).toHaveCount(3, { timeout: 15_000 });
  await page.getByTestId('palette.service').click();
  await page.getByTestId('palette.submit').click();
  await expect(page.getByTestId('service.web')).toHaveAttribute('data-endpoints', '3', { timeout: 10_000 });
  await page.getByTestId('palette.ingress').click();
  await page.getByTestId('palette.submit').click();
  await page.getByTestId('action.traffic.20').click();
  await page.getByRole('button', { name: 'Close inspector (Escape)' }).click();
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: docsShot('canvas-default.png') });
});

test('screenshot: a rollout in progress, two ReplicaSets side by side', async ({ page }) => {
  await openPlayground(page);
  await expect(page.locator('[data-testid^="pod.web-"][data-status="Running"]')).toHaveCount(3, { timeout: 15_000 });
  await page.getByTestId('deployment.web.select').click();
  await page.getByTestId('input.replicas').fill('6');
  await page.getByTestId('action.scale').click();
  await expect(page.getByTestId('deployment.web.ready')).toHaveText('6 / 6', { timeout: 15_000 });
  await page.getByTestId('time.toggle').click(); // pause, so the picture holds still mid-rollout
  await expect(page.getByTestId('time.toggle')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('input.image').fill('nginx:1.28');
  await page.getByTestId('action.set-image').click();
  await expect(page.getByTestId('action.outcome')).toHaveText('deployment.apps/web image updated');
  // a few simulated seconds: the new ReplicaSet's first pods start, the old one waits to shrink
  for (let i = 0; i < 3; i++) await page.getByTestId('time.step').click();
  await expect(page.locator('[data-testid="deployment.web"] [data-testid^="rs.web-"]:not([data-testid$=".ready"])')).toHaveCount(2);
  await page.waitForTimeout(600);
  await page.screenshot({ path: docsShot('canvas-rollout.png') });
});

test('screenshot: a failed node, its pods replaced elsewhere', async ({ page }) => {
  await openPlayground(page);
  await expect(page.locator('[data-testid^="pod.web-"][data-status="Running"]')).toHaveCount(3, { timeout: 15_000 });
  const victim = (await page.locator('section[data-testid^="node.node-"]:has([data-testid^="pod.web-"])').first().getAttribute('data-testid'))!.slice('node.'.length);
  await page.getByTestId(`node.${victim}.select`).click();
  await page.getByTestId('action.power-off').click();
  await page.getByTestId('speed.300').click();
  await expect(page.getByTestId(`node.${victim}.status`)).toHaveText('NotReady', { timeout: 15_000 });
  await expect(page.locator(`section[data-testid^="node."]:not([data-testid="node.${victim}"]) [data-testid^="pod.web-"][data-status="Running"]`)).toHaveCount(3, { timeout: 30_000 });
  await page.getByTestId('time.toggle').click();
  await page.getByTestId('inspector.tab.summary').click();
  await page.waitForTimeout(600);
  await page.screenshot({ path: docsShot('canvas-failed-node.png') });
});
