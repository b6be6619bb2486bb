import { expect, openPlayground, test } from './fixtures';

test('scaling beyond capacity: Pending pods wait in the tray and the inspector says why', async ({ page }) => {
  await openPlayground(page);
  await expect(page.locator('[data-testid^="pod.web-"][data-status="Running"]')).toHaveCount(3, { timeout: 15_000 });

  // 60 × 250m CPU is more than three 4-CPU workers hold
  await page.getByTestId('deployment.web.select').click();
  await page.getByTestId('input.replicas').fill('60');
  await expect(page.getByTestId('action.scale.kubectl')).toHaveText('$ kubectl scale deployment/web --replicas=60');
  await page.getByTestId('action.scale').click();
  await expect(page.getByTestId('action.outcome')).toHaveText('deployment.apps/web scaled');
  await expect(page.getByTestId('deployment.web.ready')).toContainText('/ 60');

  const tray = page.getByTestId('tray.unscheduled');
  const pending = tray.locator('[data-testid^="pod.web-"][data-status="Pending"]');
  await expect(pending.first()).toBeVisible({ timeout: 15_000 });
  await pending.first().click();
  await expect(page.getByTestId('inspector.status')).toContainText('Pending');
  await page.getByTestId('inspector.tab.why').click();
  await expect(page.getByTestId('inspector.why')).toContainText('Pending: the scheduler found no node that fits');
  // the scheduler's own message, as kubectl describe shows it in the FailedScheduling event
  await expect(page.getByTestId('inspector.decision.message')).toContainText(/^0\/4 nodes are available: .*Insufficient cpu/);
  await expect(page.getByTestId('inspector.decision')).toContainText('NodeResourcesFit');
  await expect(page.getByTestId('inspector.owners')).toContainText('Deployment/web');
});
