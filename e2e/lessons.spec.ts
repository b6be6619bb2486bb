/**
 * Lessons as a learner takes them: the welcome card, then lessons 3, 5 and 6 end to end through
 * the page — canvas actions (delete a pod, power a node off and on, cordon) and kubectl typed in
 * the Terminal tab — with guesses made before acting. Goals turn green by themselves and the
 * lesson completes; progress survives a reload. Time runs at the lesson's speed, sped up with
 * the time controls where a test would otherwise wait on real timings.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Opens a lesson and waits for its first step to be open. */
async function openLesson(page: Page, id: string, step: string) {
  await page.goto(`/?lesson=${id}`);
  await expect(page.getByTestId('app')).toHaveAttribute('data-live', 'true');
  await expect(page.getByTestId('lesson.step')).toHaveAttribute('data-step', step, { timeout: 15_000 });
  await expect(page.getByTestId('lesson.step')).toHaveAttribute('data-opened', 'true');
}

/** Waits until `step` is done; then `next` is open (unless the lesson already went past it), or the lesson is complete. */
async function stepDone(page: Page, step: string, next: string | null, timeout = 30_000) {
  const panel = page.getByTestId('lesson.panel');
  await expect(panel).toHaveAttribute('data-completed', new RegExp(`(^| )${step}( |$)`), { timeout });
  if (next) await expect(page.locator(`[data-testid="lesson.step"][data-step="${next}"], [data-testid="lesson.panel"][data-completed~="${next}"]`).first()).toBeVisible();
  else await expect(page.getByTestId('lesson.complete')).toBeVisible();
}

/** Types a line in the Terminal tab, as a learner would, and waits for it to finish. */
async function typeInTerminal(page: Page, line: string, expectText: string | RegExp) {
  await page.getByTestId('dock.tab.terminal').click();
  const term = page.getByTestId('terminal');
  await expect(term.locator('.xterm-rows')).toContainText('$', { timeout: 15_000 });
  await term.locator('.xterm-screen').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await expect(term.locator('.xterm-rows')).toContainText(expectText);
  await expect(term).toHaveAttribute('data-exit-code', '0');
}

/** Deletes a pod the way the canvas offers it: click the chip, then Delete in the inspector. */
async function deletePodOnCanvas(page: Page, prefix: string) {
  const chip = page.locator(`button.pod-chip[data-testid^="pod.${prefix}"][data-status="Running"]`).first();
  const name = (await chip.getAttribute('data-testid'))!.slice('pod.'.length);
  await chip.click();
  await page.getByTestId('action.delete-pod').click();
  await expect(page.getByTestId('action.outcome')).toHaveText(`pod "${name}" deleted`);
  await page.keyboard.press('Escape'); // close the inspector
  return name;
}

// a lesson is a few minutes of virtual time: room for a slow machine, while each wait stays bounded
test.describe.configure({ timeout: 90_000 });

async function nodeAction(page: Page, node: string, action: string) {
  await page.getByTestId(`node.${node}.select`).click();
  await page.getByTestId(`action.${action}`).click();
  await page.keyboard.press('Escape');
}

test('first visit: the welcome card starts lesson 1 in one click; "Show me" plays a step; the sandbox has the lesson map', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('app')).toHaveAttribute('data-live', 'true');
  const welcome = page.getByTestId('welcome');
  await expect(welcome).toContainText('Learn Kubernetes by breaking it');
  await page.screenshot({ path: test.info().outputPath('welcome.png') });
  await page.getByTestId('welcome.start').click();
  await expect(page).toHaveURL(/\?lesson=01-nodes$/);
  await expect(page.getByTestId('lesson.title')).toHaveText('Nodes and the cluster', { timeout: 15_000 });
  await expect(page.getByTestId('lesson.step')).toHaveAttribute('data-opened', 'true');
  await page.screenshot({ path: test.info().outputPath('lesson-1.png') });
  // "Show me" plays the step's reference solution; the goal then turns green by itself
  await page.getByTestId('lesson.showme').click();
  await stepDone(page, 'add-node', 'stop-kubelet');
  await expect(page.getByTestId('lesson.done.add-node').getByTestId('lesson.showme.output')).toHaveText('machine node-4 added');
  await expect(page.getByTestId('lesson.progress')).toHaveText('Step 2 of 4');

  // back in the sandbox the card stays dismissed; the top bar opens the lesson map
  await page.getByTestId('lesson.leave').click();
  await expect(page.getByTestId('app')).toHaveAttribute('data-live', 'true');
  await expect(page.locator('[data-testid^="pod.web-"]')).toHaveCount(3, { timeout: 15_000 });
  await expect(welcome).toHaveCount(0);
  await page.getByTestId('lessons.toggle').click();
  const map = page.getByTestId('lesson.map');
  await expect(map.locator('[data-testid^="lesson.map.0"], [data-testid^="lesson.map.1"]')).toHaveCount(14);
  await expect(page.getByTestId('lesson.map.01-nodes')).toBeFocused();
  await page.getByTestId('lessons.toggle').click();
  await expect(map).toHaveCount(0);
});

test('lesson 3: create with "Run it", kill a pod on the canvas, scale in the terminal, survive the chaos; progress survives a reload', async ({ page }) => {
  await openLesson(page, '03-deployments', 'create');
  await expect(page.getByTestId('lesson.progress')).toHaveText('Step 1 of 4');
  await expect(page.getByTestId('lesson.goal.0')).toHaveAttribute('data-met', 'false');
  // hints come one by one: nudge, concept, command
  await page.getByTestId('lesson.hint').click();
  await expect(page.getByTestId('lesson.hint.1')).toContainText('One kubectl create command does it.');
  await expect(page.getByTestId('lesson.hint.2')).toHaveCount(0);

  // "Run it" types the step's line into the Terminal tab
  await page.getByTestId('lesson.command.run').click();
  await expect(page.getByTestId('terminal').locator('.xterm-rows')).toContainText('deployment.apps/web created');
  await page.getByTestId('speed.10').click();
  await stepDone(page, 'create', 'kill');
  await expect(page.getByTestId('lesson.done.create').getByTestId('lesson.done.goal.0')).toHaveText(/3 web pods Ready/);

  // a reload resumes at step 2 (the first step is replayed on the new cluster)
  await page.reload();
  await expect(page.getByTestId('lesson.step')).toHaveAttribute('data-step', 'kill', { timeout: 15_000 });
  await expect(page.getByTestId('lesson.progress')).toHaveText('Step 2 of 4');
  await expect(page.locator('button.pod-chip[data-testid^="pod.web-"][data-status="Running"]')).toHaveCount(3, { timeout: 15_000 });

  // predict, then act on the canvas
  await page.getByTestId('lesson.predict.1').click(); // "3"
  await expect(page.getByTestId('lesson.predict')).toHaveAttribute('data-guess', '3');
  await deletePodOnCanvas(page, 'web-');
  await page.getByTestId('speed.10').click();
  await stepDone(page, 'kill', 'scale');
  const killed = page.getByTestId('lesson.done.kill').getByTestId('lesson.outcome');
  await expect(killed).toHaveAttribute('data-right', 'true');
  await expect(killed).toContainText('What happened: 3');

  await typeInTerminal(page, 'kubectl scale deployment web --replicas=5', 'deployment.apps/web scaled');
  // the chaos round opens by itself: two pods deleted, the ReplicaSet brings five back (it may
  // heal within a second of opening: its card says what the lesson broke)
  await stepDone(page, 'scale', 'double-kill');
  await stepDone(page, 'double-kill', null);
  await expect(page.getByTestId('lesson.done.double-kill').getByTestId('lesson.done.chaos')).toContainText('delete pod (app=web)');
  await expect(page.getByTestId('lesson.done.double-kill').getByTestId('lesson.done.goal.1')).toHaveText(/5 web pods Ready/);
  await expect(page.locator('button.pod-chip[data-testid^="pod.web-"][data-status="Running"]')).toHaveCount(5);
  await page.screenshot({ path: test.info().outputPath('lesson-3-complete.png') });

  await page.reload();
  await expect(page.getByTestId('lesson.complete')).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('lesson.map.open').click();
  await expect(page.getByTestId('lesson.map.03-deployments')).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('lesson.map.05-node-failure')).toHaveAttribute('data-done', 'false');
});

test('lesson 5: power node-2 off on the canvas, watch the 300 s eviction, bring it back when node-3 dies', async ({ page }) => {
  await openLesson(page, '05-node-failure', 'power-off');
  // the lesson speeds time up for the 50 s grace period, and says why
  await expect(page.getByTestId('lesson.time')).toContainText('10×');
  await expect(page.getByTestId('speed.10')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('lesson.predict.1').click(); // "Nothing for about 5 more minutes"
  await nodeAction(page, 'node-2', 'power-off');
  await expect(page.getByTestId('node.node-2')).toHaveAttribute('data-powered', 'false');
  await stepDone(page, 'power-off', 'evicted');
  await expect(page.getByTestId('lesson.done.power-off').getByTestId('lesson.outcome')).toHaveAttribute('data-right', 'true');
  await expect(page.getByTestId('node.node-2.status')).not.toHaveText('Ready');

  // 300 s of toleration: the lesson runs 30×; the learner may go faster
  await expect(page.getByTestId('lesson.time')).toContainText('30×');
  await page.getByTestId('speed.300').click();
  await stepDone(page, 'evicted', 'second-failure');

  // break it: node-3 lost power; power node-2 back on and let the eviction move node-3's pod
  await expect(page.getByTestId('node.node-3')).toHaveAttribute('data-powered', 'false');
  await expect(page.getByTestId('lesson.goal.0')).toHaveAttribute('data-met', 'false');
  await nodeAction(page, 'node-2', 'power-on');
  await expect(page.getByTestId('lesson.goal.0')).toHaveAttribute('data-met', 'true');
  await expect(page.getByTestId('lesson.goal.1')).toHaveAttribute('data-met', 'false');
  await page.getByTestId('speed.300').click();
  await stepDone(page, 'second-failure', null);
  await expect(page.locator('section[data-testid="node.node-1"], section[data-testid="node.node-2"]').locator('[data-testid^="pod.web-"][data-status="Running"]')).toHaveCount(3);
});

test('lesson 6: lose data on an emptyDir, keep it on a claim through a move to another node', async ({ page }) => {
  await openLesson(page, '06-storage', 'lose-data');
  await page.getByTestId('lesson.predict.1').click(); // "No"
  await deletePodOnCanvas(page, 'photos-');
  await page.getByTestId('speed.60').click();
  await stepDone(page, 'lose-data', 'claim');
  await expect(page.getByTestId('lesson.done.lose-data').getByTestId('lesson.outcome')).toHaveAttribute('data-right', 'true');

  // the step hands out photos-pvc.yaml: the terminal's kubectl can apply it
  await typeInTerminal(page, 'kubectl apply -f photos-pvc.yaml', 'persistentvolumeclaim/photos created');
  await stepDone(page, 'claim', 'move');
  await expect(page.getByTestId('claim.photos')).toBeVisible();

  await page.getByTestId('lesson.predict.0').click(); // "Yes"
  const node = (await page.locator('section.machine[data-testid^="node.node-"]:has(button.pod-chip[data-testid^="pod.photos-"])').first().getAttribute('data-testid'))!.slice('node.'.length);
  await nodeAction(page, node, 'cordon');
  await expect(page.getByTestId(`node.${node}`)).toHaveClass(/cordoned/);
  await deletePodOnCanvas(page, 'photos-');
  await stepDone(page, 'move', 'delete-again', 45_000);
  await expect(page.getByTestId('lesson.done.move').getByTestId('lesson.outcome')).toHaveAttribute('data-right', 'true');
  await expect(page.locator(`section[data-testid="node.${node}"] button.pod-chip[data-testid^="pod.photos-"][data-status="Running"]`)).toHaveCount(0);

  await stepDone(page, 'delete-again', null, 45_000);
  await page.getByTestId('lesson.map.open').click();
  await expect(page.getByTestId('lesson.map.06-storage')).toHaveAttribute('data-done', 'true');
});
