import { expect, openPlayground, podNames, test } from './fixtures';

test('deleting a pod: it terminates and the ReplicaSet creates a replacement', async ({ page }) => {
  await openPlayground(page);
  await expect(page.locator('[data-testid^="pod.web-"][data-status="Running"]')).toHaveCount(3, { timeout: 15_000 });
  const before = await podNames(page, 'web-');
  const victim = before[0];

  await page.getByTestId(`pod.${victim}`).click();
  await expect(page.getByTestId('inspector')).toContainText(victim);
  await expect(page.getByTestId('action.kubectl')).toHaveText(`$ kubectl delete pod ${victim}`);
  await page.getByTestId('action.delete-pod').click();
  await expect(page.getByTestId('action.outcome')).toHaveText(`pod "${victim}" deleted`);

  // a new name appears at once (the ReplicaSet does not wait for the old pod to finish)
  await expect.poll(async () => (await podNames(page, 'web-')).filter((n) => !before.includes(n)).length, { timeout: 10_000 }).toBe(1);
  // the old one leaves after its graceful termination; speed up to not wait 30 s
  await page.getByTestId('speed.10').click();
  await expect(page.getByTestId(`pod.${victim}`)).toHaveCount(0, { timeout: 15_000 });
  await expect(page.locator('[data-testid^="pod.web-"][data-status="Running"]')).toHaveCount(3, { timeout: 15_000 });
  const after = await podNames(page, 'web-');
  expect(after).not.toContain(victim);
  expect(after.filter((n) => before.includes(n))).toHaveLength(2);
});
