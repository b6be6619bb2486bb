import { expect, openPlayground, test } from './fixtures';

test('the palette creates a Deployment and a Service; the Service reaches its ready endpoints', async ({ page }) => {
  await openPlayground(page);
  await page.keyboard.press('c');
  await expect(page.getByTestId('palette.form.deployment')).toBeVisible();
  await page.getByTestId('palette.name').fill('shop');
  await page.getByTestId('palette.replicas').fill('2');
  await page.getByTestId('palette.submit').click();
  await expect(page.getByTestId('action.outcome')).toHaveText('deployment.apps/shop created');
  await expect(page.getByTestId('deployment.shop.ready')).toHaveText('2 / 2', { timeout: 15_000 });

  await page.getByTestId('palette.service').click();
  await page.getByTestId('palette.app').selectOption('shop');
  await page.getByTestId('palette.name').fill('shop');
  await page.getByTestId('palette.submit').click();
  await expect(page.getByTestId('action.outcome')).toHaveText('service/shop created');
  await expect(page.getByTestId('service.shop')).toHaveAttribute('data-endpoints', '2', { timeout: 10_000 });
  await expect(page.getByTestId('service.shop')).toContainText('2 ready endpoints');
  // selecting the Service highlights the pods it sends to
  await page.getByTestId('service.shop.select').click();
  await expect(page.locator('.pod-chip.related')).toHaveCount(2);

  // bad input gets the API server's answer
  await page.getByTestId('palette.deployment').click();
  await page.getByTestId('palette.name').fill('Bad_Name');
  await page.getByTestId('palette.submit').click();
  await expect(page.getByTestId('action.outcome')).toContainText('Invalid value: "Bad_Name"');
});

test('adding a node of a chosen size: it registers and turns Ready; removing it deletes the Node', async ({ page }) => {
  await openPlayground(page);
  await page.keyboard.press('n');
  await page.getByTestId('palette.size.large').check();
  await page.getByTestId('palette.submit').click();
  await expect(page.getByTestId('node.node-4')).toBeVisible();
  await expect(page.getByTestId('node.node-4.status')).toHaveText('Ready', { timeout: 15_000 });
  await expect(page.getByTestId('node.node-4')).toContainText('8 cpu');
  await page.getByTestId('action.remove-node').click();
  await expect(page.getByTestId('action.outcome')).toContainText('node "node-4"');
  await expect(page.getByTestId('node.node-4')).toHaveCount(0);
});
