// What the extension host cannot do through VS Code's API: look at and click the workbench
// itself (the Settings UI's checkboxes, the notifications). The suite asks the launcher, which
// drives the browser (scripts/vscode-test/run.mjs): it prints a request on its output, the
// launcher performs it with playwright and writes the answer to a file in PYWARD_E2E_UI_DIR.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';

/** The request's prefix on the suite's output (the launcher looks for it). */
export const UI_MARKER = '[pyward-e2e] ui ';
const TAG = process.env.PYWARD_E2E_TAG_OUTPUT ?? '';
const UI_DIR = process.env.PYWARD_E2E_UI_DIR;
let requests = 0;

/** Whether the launcher drives the browser (scripts/vscode-test/run.mjs does; run-electron.mjs does not). */
export const canDriveWorkbench = UI_DIR !== undefined;

/** Asks the launcher to perform `action` in the workbench; resolves with its answer. */
export async function workbench<T>(action: string, args: Record<string, unknown> = {}, timeoutMs = 30_000): Promise<T> {
  if (!UI_DIR) throw new Error('the launcher does not drive the workbench (PYWARD_E2E_UI_DIR is not set)');
  const id = `${process.pid}-${++requests}`;
  const answer = path.join(UI_DIR, `${id}.json`);
  console.log(`${TAG}${UI_MARKER}${JSON.stringify({ id, action, ...args })}`);
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(answer)) {
    if (Date.now() > deadline) throw new Error(`the launcher did not answer "${action}" within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Written whole: the launcher renames it into place.
  const result = JSON.parse(readFileSync(answer, 'utf8')) as { ok: boolean; value?: T; error?: string };
  rmSync(answer, { force: true });
  if (!result.ok) throw new Error(`the launcher could not ${action}: ${result.error}`);
  return result.value as T;
}
