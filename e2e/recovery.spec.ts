import { expect, openPlayground, podNames, test } from './fixtures';

type Hooks = { playground: { send(c: unknown): Promise<unknown>; killWorker(how?: string): void } };

test('the worker dies: the page restarts it from the last save with the learner\'s objects', async ({ page }) => {
  await openPlayground(page);
  await page.keyboard.press('c');
  await page.getByTestId('palette.name').fill('keep');
  await page.getByTestId('palette.replicas').fill('2');
  await page.getByTestId('palette.submit').click();
  await expect(page.getByTestId('deployment.keep.ready')).toHaveText('2 / 2', { timeout: 15_000 });
  const keep = await podNames(page, 'keep-');
  // an action right before the crash, before any checkpoint can hold it: sent again after
  await page.evaluate(() => {
    const p = (window as unknown as Hooks).playground;
    void p.send({ op: 'kubectlRun', line: 'kubectl create deployment late --image=nginx:1.27' }).catch(() => undefined);
    p.killWorker();
  });
  await expect(page.getByTestId('recovery')).toHaveAttribute('data-state', 'recovered', { timeout: 15_000 });
  await expect(page.getByTestId('recovery')).toContainText('still here');
  await expect(page.getByTestId('deployment.keep.ready')).toHaveText('2 / 2');
  expect(await podNames(page, 'keep-')).toEqual(keep);
  await expect.poll(() => podNames(page, 'late-'), { timeout: 15_000 }).toHaveLength(1);
  // and the clock runs on
  const elapsed = await page.getByTestId('clock.elapsed').textContent();
  await expect(page.getByTestId('clock.elapsed')).not.toHaveText(elapsed!);
  await page.screenshot({ path: test.info().outputPath('recovered.png') });
});

test('installed: the built app opens offline from its service worker', async ({ page, context }) => {
  await openPlayground(page);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-live', 'true');
  await expect(page.locator('[data-testid^="pod.web-"]')).toHaveCount(3, { timeout: 15_000 });
  await context.setOffline(false);
});
