// What the e2e suites cannot do through VS Code's API and ask the launcher (run.mjs) to do in
// the workbench with playwright: read and click the Settings UI's checkboxes, watch the
// notifications. A request is a JSON line on the suite's output (test/vscode/ui.ts); the answer
// goes to `<dir>/<id>.json` (written aside, then renamed into place), { ok, value | error }.
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const UI_MARKER = '[pyward-e2e] ui ';

const SETTINGS = '.settings-editor';
const settingRow = (key) => `${SETTINGS} .setting-item-contents[data-key="${key}"]`;
const NOTIFICATION = '.notifications-center .notification-list-item, .notifications-toasts .notification-list-item';

/** Notification watches by the text they look for: the most shown at once, and samples taken. */
const watches = new Map();

const ACTIONS = {
  /**
   * The checked state of every boolean setting whose key starts with `prefix`, in the open
   * Settings editor (its list is virtual: scrolled through to see every row).
   */
  async settingCheckboxes(page, { prefix }) {
    await page.locator(SETTINGS).waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator(`${SETTINGS} .setting-item-contents[data-key^="${prefix}"]`).first().waitFor({ state: 'visible', timeout: 15_000 });
    const states = {};
    const list = page.locator(`${SETTINGS} .settings-tree-container`).first();
    await list.hover();
    for (let unchanged = 0, round = 0; unchanged < 3 && round < 30; round++) {
      const seen = await page.evaluate(
        ({ selector, prefix }) =>
          [...document.querySelectorAll(selector)]
            .filter((row) => row.getAttribute('data-key')?.startsWith(prefix))
            .map((row) => [row.getAttribute('data-key'), row.querySelector('.setting-value-checkbox')?.getAttribute('aria-checked') ?? null]),
        { selector: `${SETTINGS} .setting-item-contents[data-key]`, prefix },
      );
      const before = Object.keys(states).length;
      for (const [key, checked] of seen) states[key] = checked === null ? null : checked === 'true';
      unchanged = Object.keys(states).length === before ? unchanged + 1 : 0;
      await page.mouse.wheel(0, 250);
      await page.waitForTimeout(150);
    }
    return states;
  },

  /** Clicks the checkbox of a boolean setting, as a user does; answers its new state. */
  async clickSetting(page, { key }) {
    const selector = `${settingRow(key)} .setting-value-checkbox`;
    const checkbox = page.locator(selector);
    // (The caller narrows the Settings editor's search to this setting, so its row is drawn.)
    await checkbox.waitFor({ state: 'visible', timeout: 15_000 });
    try {
      const before = await checkbox.getAttribute('aria-checked', { timeout: 5_000 });
      await checkbox.click({ timeout: 10_000 });
      await page.waitForFunction(({ selector, before }) => document.querySelector(selector)?.getAttribute('aria-checked') !== before, { selector, before }, { timeout: 10_000 });
    } catch (error) {
      const shot = join(process.env.TMPDIR ?? '/tmp', 'pyward-e2e-click-failed.png');
      await page.screenshot({ path: shot }).catch(() => {});
      const keys = await page.evaluate(() => [...document.querySelectorAll('[data-key]')].map((e) => `${e.className}:${e.getAttribute('data-key')}`).slice(0, 30));
      throw new Error(`${error.message} (the page: ${shot}; rows: ${keys.join(', ')})`);
    }
    return (await checkbox.getAttribute('aria-checked')) === 'true';
  },

  /** Starts counting the notifications whose text contains `text` (every 25 ms). */
  async watchNotifications(page, { text }) {
    const watch = { most: 0, samples: 0, stopped: false, done: Promise.resolve() };
    watches.set(text, watch);
    watch.done = (async () => {
      // At least one sample, however soon the watch is stopped.
      do {
        const shown = await page.locator(NOTIFICATION, { hasText: text }).count().catch(() => 0);
        watch.most = Math.max(watch.most, shown);
        watch.samples++;
        if (!watch.stopped) await page.waitForTimeout(25).catch(() => {});
      } while (!watch.stopped);
    })();
    return true;
  },

  /** Stops a watch: the most notifications with that text shown at once, and how many samples. */
  async stopWatchingNotifications(page, { text }) {
    const watch = watches.get(text);
    if (!watch) throw new Error(`no watch for "${text}"`);
    watch.stopped = true;
    watches.delete(text);
    // The sample in flight (on a busy machine, the first may still be) counts.
    await watch.done;
    return { most: watch.most, samples: watch.samples };
  },
};

export async function performWorkbenchAction(page, json, dir, say) {
  let request;
  let answer;
  try {
    request = JSON.parse(json);
    const action = ACTIONS[request.action];
    if (!action) throw new Error(`unknown action ${request.action}`);
    answer = { ok: true, value: await action(page, request) };
  } catch (error) {
    answer = { ok: false, error: error?.message ?? String(error) };
  }
  if (typeof request?.id !== 'string' || !/^[\w-]+$/.test(request.id)) {
    say(`a malformed workbench request: ${json}`);
    return;
  }
  const path = join(dir, `${request.id}.json`);
  writeFileSync(`${path}.part`, JSON.stringify(answer));
  renameSync(`${path}.part`, path);
}
