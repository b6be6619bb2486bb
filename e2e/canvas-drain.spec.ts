import { expect, openPlayground, test } from './fixtures';

test('draining a node: cordoned, its pods evicted and running elsewhere; uncordon makes it schedulable again', async ({ page }) => {
  await openPlayground(page);
  const running = page.locator('[data-testid^="pod.web-"][data-status="Running"]');
  await expect(running).toHaveCount(3, { timeout: 15_000 });
  const victim = (await page.locator('section[data-testid^="node.node-"]:has([data-testid^="pod.web-"])').first().getAttribute('data-testid'))!.slice('node.'.length);
  const card = page.getByTestId(`node.${victim}`);

  await page.getByTestId(`node.${victim}.select`).click();
  await expect(page.getByTestId('action.drain.kubectl')).toHaveText(`$ kubectl drain ${victim} --ignore-daemonsets --delete-emptydir-data`);
  await page.getByTestId('action.drain').click();
  const outcome = page.getByTestId('action.outcome');
  await expect(outcome).toContainText(`node/${victim} cordoned`);
  await expect(outcome).toContainText('evicted');
  await expect(page.getByTestId(`node.${victim}.status`)).toHaveText('Ready,SchedulingDisabled');
  // the unschedulable taint the node controller adds for a cordoned node
  await expect(page.getByTestId(`node.${victim}.taints`)).toContainText('node.kubernetes.io/unschedulable:NoSchedule');

  // evicted pods terminate gracefully; the ReplicaSet's replacements run on the other nodes
  await page.getByTestId('speed.10').click();
  await expect(card.locator('[data-testid^="pod.web-"]')).toHaveCount(0, { timeout: 20_000 });
  await expect(page.locator(`section[data-testid^="node."]:not([data-testid="node.${victim}"]) [data-testid^="pod.web-"][data-status="Running"]`)).toHaveCount(3, { timeout: 20_000 });

  await page.getByTestId('action.uncordon').click();
  await expect(page.getByTestId('action.outcome')).toHaveText(`node/${victim} uncordoned`);
  await expect(page.getByTestId(`node.${victim}.status`)).toHaveText('Ready');
});
