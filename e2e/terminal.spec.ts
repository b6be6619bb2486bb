import type { Page } from '@playwright/test';
import { expect, openPlayground, podNames, test } from './fixtures';

/** Opens the Terminal tab and waits for the prompt. */
async function openTerminal(page: Page) {
  await openPlayground(page);
  await page.getByTestId('dock.tab.terminal').click();
  const term = page.getByTestId('terminal');
  await expect(term.locator('.xterm-rows')).toContainText('$', { timeout: 15_000 });
  await term.locator('.xterm-screen').click();
  return term;
}

async function run(page: Page, line: string) {
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

test('kubectl create deployment in the terminal: kubectl answers and a pod appears on the canvas', async ({ page }) => {
  const term = await openTerminal(page);
  await run(page, 'kubectl create deployment hello --image=nginx');
  await expect(term.locator('.xterm-rows')).toContainText('deployment.apps/hello created');
  await expect(term).toHaveAttribute('data-exit-code', '0');
  await expect.poll(() => podNames(page, 'hello-'), { timeout: 15_000 }).toHaveLength(1);
  await page.screenshot({ path: test.info().outputPath('terminal-create.png') });
});

test('kubectl get pods prints the table; up-arrow recalls the line', async ({ page }) => {
  const term = await openTerminal(page);
  const rows = term.locator('.xterm-rows');
  await expect(page.locator('[data-testid^="pod.web-"][data-status="Running"]')).toHaveCount(3, { timeout: 15_000 });
  await run(page, 'kubectl get pods');
  await expect(rows).toContainText('NAME READY STATUS RESTARTS AGE');
  await expect(rows).toContainText(/web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s+0/);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect.poll(async () => ((await rows.innerText()).match(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/g) ?? []).length).toBe(2);
  // `k` is short for kubectl; a failure turns the prompt red with its exit code
  await run(page, 'k get deployment nope');
  await expect(rows).toContainText('Error from server (NotFound): deployments.apps "nope" not found');
  await expect(term).toHaveAttribute('data-exit-code', '1');
  await expect(rows).toContainText('[1] $');
  await page.screenshot({ path: test.info().outputPath('terminal-get.png') });
});

test('Ctrl-C stops kubectl get -w; Tab completes', async ({ page }) => {
  const term = await openTerminal(page);
  const rows = term.locator('.xterm-rows');
  await run(page, 'kubectl get deployments -w');
  await expect(rows).toContainText(/web\s+3\/3\s+3\s+3/, { timeout: 15_000 });
  await expect(term).toHaveAttribute('data-running', 'true');
  await page.keyboard.press('Control+C');
  await expect(term).toHaveAttribute('data-running', 'false');
  await expect(term).toHaveAttribute('data-exit-code', '130');
  await page.keyboard.type('kubectl descr');
  await page.keyboard.press('Tab');
  await page.keyboard.type('deploy');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(rows).toContainText('kubectl describe deployments web');
  await page.keyboard.press('Enter');
  // the end of kubectl describe's output (the start has scrolled up)
  await expect(rows).toContainText(/NewReplicaSet:\s+web-[a-z0-9]+ \(3\/3 replicas created\)/);
  await expect(rows).toContainText(/Scaled up replica set web-[a-z0-9]+ from 0 to 3/);
});

test('kubectl edit opens the editor; Cancel ends the command as kubectl does', async ({ page }) => {
  const term = await openTerminal(page);
  await run(page, 'kubectl edit deployment web');
  const editor = page.getByTestId('editor');
  await expect(editor).toHaveAttribute('data-mode', 'edit', { timeout: 15_000 });
  await expect(editor).toContainText('deployment.apps/web');
  await expect(editor.locator('.cm-content')).toContainText('# Please edit the object below.');
  await page.screenshot({ path: test.info().outputPath('edit.png') });
  await page.getByTestId('editor.cancel').click();
  await expect(page.getByTestId('dock')).toHaveAttribute('data-tab', 'terminal');
  await expect(term.locator('.xterm-rows')).toContainText('Edit cancelled, no changes made.');
  await expect(editor).toHaveAttribute('data-mode', 'apply');
});
