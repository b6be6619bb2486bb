import { expect, openPlayground, test } from './fixtures';

test('powering off a node: NotReady after the grace period, its pods recreated elsewhere', async ({ page }) => {
  await openPlayground(page);
  const running = page.locator('[data-testid^="pod.web-"][data-status="Running"]');
  await expect(running).toHaveCount(3, { timeout: 15_000 });

  // the worker that runs a web pod
  const victim = (await page.locator('section[data-testid^="node.node-"]:has([data-testid^="pod.web-"])').first().getAttribute('data-testid'))!.slice('node.'.length);
  const card = page.getByTestId(`node.${victim}`);
  const podsThere = card.locator('[data-testid^="pod.web-"]');
  const victims = await podsThere.count();
  expect(victims).toBeGreaterThan(0);

  await page.getByTestId(`node.${victim}.select`).click();
  await page.getByTestId('action.power-off').click();
  await expect(card).toHaveAttribute('data-powered', 'false');
  await expect(card.getByTestId(`node.${victim}.power`)).toHaveText('powered off');
  // Kubernetes does not know yet: the node stays Ready until 50 s without heartbeats
  await expect(page.getByTestId(`node.${victim}.status`)).toHaveText('Ready');

  await page.getByTestId('speed.60').click();
  await expect(page.getByTestId(`node.${victim}.status`)).toHaveText('NotReady', { timeout: 15_000 });

  // 300 s after the taint, the pods are evicted and replaced on the remaining nodes
  await page.getByTestId('speed.300').click();
  const elsewhere = page.locator(`section[data-testid^="node."]:not([data-testid="node.${victim}"]) [data-testid^="pod.web-"][data-status="Running"]`);
  await expect(elsewhere).toHaveCount(3, { timeout: 30_000 });
  // the old pods stay Terminating on the dead node: no kubelet is there to confirm they stopped
  await expect(card.locator('[data-testid^="pod.web-"][data-status="Terminating"]')).toHaveCount(victims);
});
