import { expect, openPlayground, test } from './fixtures';

test('the control plane: a stopped scheduler leaves new pods Pending until it starts again', async ({ page }) => {
  await openPlayground(page);
  await expect(page.locator('[data-testid^="pod.web-"][data-status="Running"]')).toHaveCount(3, { timeout: 15_000 });
  const scheduler = page.getByTestId('cp.kube-scheduler');
  await expect(scheduler).toHaveAttribute('data-running', 'true');
  // the API server's tile counts real requests (kubelets' status updates, controllers…)
  await expect(page.getByTestId('cp.kube-apiserver')).toContainText(/[1-9]\d* req\/s/, { timeout: 10_000 });

  await page.getByTestId('cp.kube-scheduler.toggle').click();
  await expect(scheduler).toHaveAttribute('data-running', 'false');
  await expect(scheduler).toContainText('stopped');
  await expect(page.getByTestId('action.outcome')).toHaveText('kube-scheduler stopped on control-plane');

  await page.getByTestId('deployment.web.scale-up').click();
  await expect(page.getByTestId('action.outcome')).toHaveText('deployment.apps/web scaled');
  const waiting = page.getByTestId('tray.unscheduled').locator('[data-testid^="pod.web-"]');
  await expect(waiting).toHaveCount(1);
  await waiting.click();
  await page.getByTestId('inspector.tab.why').click();
  await expect(page.getByTestId('inspector.decision')).toHaveText('The scheduler is not running: nobody binds pending pods until it starts again.');

  await page.getByTestId('cp.kube-scheduler.toggle').click();
  await expect(scheduler).toHaveAttribute('data-running', 'true');
  await expect(waiting).toHaveCount(0, { timeout: 10_000 });
  await expect(page.locator('[data-testid^="pod.web-"][data-status="Running"]')).toHaveCount(4, { timeout: 15_000 });
});

test('crashing a container: the kubelet restarts it and the chip counts the restart', async ({ page }) => {
  await openPlayground(page);
  const pods = page.locator('[data-testid^="pod.web-"][data-status="Running"]');
  await expect(pods).toHaveCount(3, { timeout: 15_000 });
  const chip = pods.first();
  const name = (await chip.getAttribute('data-testid'))!.slice(4);
  await chip.click();
  await page.getByTestId('action.crash').click();
  await expect(page.getByTestId('action.outcome')).toContainText('exit code 137');
  const same = page.getByTestId(`pod.${name}`);
  await expect(same).toHaveAccessibleName(new RegExp(`^Pod ${name}: Running, 1/1 ready, 1 restarts`), { timeout: 15_000 });
  await page.getByTestId('inspector.tab.describe').click();
  await expect(page.getByTestId('inspector.describe')).toContainText('Last State:     Terminated');
  await expect(page.getByTestId('inspector.describe')).toContainText('Exit Code:    137');
});
