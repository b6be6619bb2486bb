import { expect, openPlayground, test } from './fixtures';

test('dragging a claim onto a Deployment mounts it: a new ReplicaSet rolls out, its pods show the disk', async ({ page }) => {
  await openPlayground(page);
  await expect(page.locator('[data-testid^="pod.web-"][data-status="Running"]')).toHaveCount(3, { timeout: 15_000 });
  await page.getByTestId('palette.pvc').click();
  await page.getByTestId('palette.name').fill('data');
  await page.getByTestId('palette.submit').click();
  await expect(page.getByTestId('action.outcome')).toHaveText('persistentvolumeclaim/data created');
  const claim = page.getByTestId('claim.data');
  await expect(claim).toBeVisible();
  await page.getByRole('button', { name: 'Close inspector (Escape)' }).click();
  await page.getByRole('button', { name: 'Fit View' }).click();

  // drag by the disk icon onto the Deployment card
  const from = await claim.locator('.claim-disk').boundingBox();
  const to = await page.getByTestId('deployment.web').boundingBox();
  await page.mouse.move(from!.x + from!.width / 2, from!.y + from!.height / 2);
  await page.mouse.down();
  await page.mouse.move(to!.x + to!.width / 2, to!.y + to!.height / 2, { steps: 12 });
  await expect(claim).toContainText('release to mount into web');
  await page.mouse.up();
  await expect(page.getByTestId('action.outcome')).toHaveText('deployment.apps/web patched');
  await expect(page.getByTestId('action.outcome-box')).toContainText('kubectl patch deployment web --type=strategic');

  await expect(page.locator('[data-testid="deployment.web"] [data-testid^="rs.web-"]:not([data-testid$=".ready"])')).toHaveCount(2);
  await page.getByTestId('speed.10').click();
  await expect(page.locator('[data-testid^="pod.web-"][data-status="Running"]')).toHaveCount(3, { timeout: 30_000 });
  await expect(page.locator('[data-testid^="pod.web-"][aria-label$="mounts data"]')).toHaveCount(3, { timeout: 30_000 });
  await expect(claim).toHaveAttribute('data-phase', 'Bound');
});
