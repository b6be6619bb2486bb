import { expect, openPlayground, test } from './fixtures';

test('rolling out a bad image stalls on ImagePullBackOff; undo rolls back to the working revision', async ({ page }) => {
  await openPlayground(page);
  await expect(page.locator('[data-testid^="pod.web-"][data-status="Running"]')).toHaveCount(3, { timeout: 15_000 });
  const firstRs = (await page.locator('[data-testid^="rs.web-"]:not([data-testid$=".ready"])').first().getAttribute('data-testid'))!.slice(3);

  await page.getByTestId('deployment.web.select').click();
  await page.getByTestId('input.image').fill('nginx:doesnotexist');
  await expect(page.getByTestId('action.set-image.kubectl')).toHaveText('$ kubectl set image deployment/web nginx=nginx:doesnotexist');
  await page.getByTestId('action.set-image').click();
  await expect(page.getByTestId('action.outcome')).toHaveText('deployment.apps/web image updated');

  // two ReplicaSets side by side: the new one cannot make progress, the old one keeps serving
  const sets = page.locator('[data-testid="deployment.web"] [data-testid^="rs.web-"]:not([data-testid$=".ready"])');
  await expect(sets).toHaveCount(2);
  await expect(page.getByTestId('deployment.web')).toContainText('rolling out');
  await expect(page.locator('[data-testid^="pod.web-"][data-status$="ImagePullBackOff"], [data-testid^="pod.web-"][data-status="ErrImagePull"]').first()).toBeVisible({ timeout: 20_000 });
  // maxUnavailable 25% of 3 rounds down to 0: all three old pods still run
  await expect(page.locator(`[data-testid^="pod.${firstRs}-"][data-status="Running"]`)).toHaveCount(3);

  await expect(page.getByTestId('action.undo.kubectl')).toHaveText('$ kubectl rollout undo deployment/web');
  await page.getByTestId('action.undo').click();
  await expect(page.getByTestId('action.outcome')).toHaveText('deployment.apps/web rolled back');
  await page.getByTestId('speed.10').click();
  await expect(sets).toHaveCount(1, { timeout: 20_000 });
  await expect(page.getByTestId(`rs.${firstRs}`)).toContainText('rev 3');
  await expect(page.getByTestId('deployment.web.ready')).toHaveText('3 / 3');
  await expect(page.locator('[data-testid^="pod.web-"][data-status="Running"]')).toHaveCount(3);
});
