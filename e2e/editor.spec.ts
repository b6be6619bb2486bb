import { expect, openPlayground, podNames, test } from './fixtures';

test('apply a manifest from the editor: kubectl output and its pods on the canvas', async ({ page }) => {
  await openPlayground(page);
  await page.getByTestId('dock.tab.editor').click();
  const editor = page.getByTestId('editor');
  await page.getByTestId('editor.gallery').selectOption('nginx-deployment');
  await expect(editor.locator('.cm-content')).toContainText('image: nginx:1.14.2');

  await page.getByTestId('editor.dry-run').click();
  await expect(page.getByTestId('editor.output')).toContainText('deployment.apps/nginx-deployment created (server dry run)');
  await expect(page.getByTestId('editor.output')).toContainText('$ kubectl apply -f nginx-deployment.yaml --dry-run=server');
  expect(await podNames(page, 'nginx-deployment-')).toEqual([]);

  await page.getByTestId('editor.apply').click();
  await expect(page.getByTestId('editor.output')).toContainText('deployment.apps/nginx-deployment created');
  await expect(page.getByTestId('editor.output')).toHaveAttribute('data-exit-code', '0');
  await expect.poll(() => podNames(page, 'nginx-deployment-'), { timeout: 15_000 }).toHaveLength(3);
  await page.screenshot({ path: test.info().outputPath('editor-apply.png') });

  // applying the same text again changes nothing, as kubectl says
  await page.getByTestId('editor.apply').click();
  await expect(page.getByTestId('editor.output')).toContainText('deployment.apps/nginx-deployment unchanged');
});

test('invalid YAML: kubectl names the line, and the editor marks it', async ({ page }) => {
  await openPlayground(page);
  await page.getByTestId('dock.tab.editor').click();
  const content = page.getByTestId('editor').locator('.cm-content');
  await content.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText('apiVersion: v1\nkind: Pod\nmetadata:\n  name: broken\nspec:\n  containers:\n  - name: web\n    image: nginx\n   ports: 80\n');
  await page.getByTestId('editor.file').fill('broken.yaml');
  await page.getByTestId('editor.apply').click();
  const output = page.getByTestId('editor.output');
  await expect(output).toContainText('error: error parsing broken.yaml: error converting YAML to JSON: yaml: line');
  await expect(output).toHaveAttribute('data-exit-code', '1');
  const text = await output.innerText();
  const line = Number(/yaml: line (\d+):/.exec(text)?.[1]);
  expect(line).toBeGreaterThanOrEqual(8);
  expect(line).toBeLessThanOrEqual(9);
  await expect(page.getByTestId('editor.problem')).toContainText(`Go to line ${line}`);
  // the marked line is the one kubectl names
  const marked = page.locator('.cm-kubectl-error');
  await expect(marked).toHaveCount(1);
  await expect(marked).toHaveText(['    image: nginx', '   ports: 80'][line - 8]);
  await page.screenshot({ path: test.info().outputPath('editor-error.png') });
});
