// Data flow in the editor: a flow from one open file through a helper in another is reported at
// the helper's sink, and appears and disappears as either file is edited; with the helper's file
// closed it is reported at the call into it. Its path is the diagnostic's related information.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import type { Diagnostic, Hover, MarkupContent } from 'vscode-languageserver';
import { fixturePath } from '../helpers';
import { LspClient, positionAt } from './lsp-client';

const workspace = fixturePath('flow-editor');
const viewsPath = join(workspace, 'app', 'views.py');
const helpersPath = join(workspace, 'app', 'helpers.py');
const viewsUri = URI.file(viewsPath).toString();
const helpersUri = URI.file(helpersPath).toString();
const HELPERS = readFileSync(helpersPath, 'utf8');

let client: LspClient;
before(async () => {
  client = await LspClient.start('stdio', workspace);
});
after(async () => {
  await client.stop();
});

const traced = (diagnostics: readonly Diagnostic[]) => diagnostics.filter((d) => d.code === 'PW301' && d.relatedInformation?.length);

test('a flow through a helper is reported at its sink in the helper\'s open file, and appears and disappears with edits to either file', async () => {
  const VIEWS = readFileSync(viewsPath, 'utf8');
  client.open(viewsUri, VIEWS);
  client.open(helpersUri, HELPERS);
  assert.deepEqual(traced(await client.diagnosticsForCurrentVersion(helpersUri)), [], 'the helper quotes its argument');

  // Remove `shlex.quote(` … `)`: the helper now puts its argument in a shell command.
  const quoted = 'shlex.quote(folder)';
  const at = HELPERS.indexOf(quoted);
  client.change(helpersUri, { start: positionAt(HELPERS, at), end: positionAt(HELPERS, at + quoted.length) }, 'folder');
  const appeared = traced(await client.diagnostics(helpersUri, (published) => traced(published.diagnostics).length > 0));
  assert.equal(appeared.length, 1, 'one finding at the sink: the rule\'s own, upgraded');
  const [diagnostic] = appeared;
  assert.equal(diagnostic.range.start.line, 5, 'reported at subprocess.run in helpers.py');
  assert.equal(diagnostic.severity, 1, 'an error: traced from request input');
  assert.match(String(diagnostic.message), /^request\.args\["folder"\] \(views\.py:10\) reaches subprocess\.run through archive\(folder\): .* \(subprocess-shell-true\)$/);
  const patternOnly = (await client.diagnosticsForCurrentVersion(helpersUri)).filter((d) => d.code === 'PW301');
  assert.equal(patternOnly.length, 1, 'the pattern finding at the same call is not reported beside it');
  assert.deepEqual(traced(client.published(viewsUri) ?? []), [], 'nothing at the call in views.py');
  const uris = diagnostic.relatedInformation!.map((info) => info.location.uri);
  assert.equal(uris[0], viewsUri, 'the path starts at the source in views.py');
  assert.equal(diagnostic.relatedInformation![0].location.range.start.line, 9);
  assert.equal(uris[uris.length - 1], helpersUri, 'the last step is the sink');
  // Hover shows the path.
  const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: helpersUri }, position: diagnostic.range.start })) as Hover;
  const markdown = (hover.contents as MarkupContent).value;
  assert.match(markdown, /\*\*Data flow\*\*/);
  assert.match(markdown, /1\. views\.py:10 — /);
  assert.match(markdown, /helpers\.py:6 — reaches `subprocess\.run`/);

  // An edit in views.py that stops passing the request's value removes the finding in helpers.py.
  const views = client.text(viewsUri);
  const argument = 'request.args["folder"]';
  const from = views.indexOf(argument);
  client.change(viewsUri, { start: positionAt(views, from), end: positionAt(views, from + argument.length) }, '"static"');
  await client.diagnostics(helpersUri, (published) => traced(published.diagnostics).length === 0);
  // And putting it back brings it back there.
  const constant = client.text(viewsUri);
  const back = constant.indexOf('"static"');
  client.change(viewsUri, { start: positionAt(constant, back), end: positionAt(constant, back + '"static"'.length) }, argument);
  await client.diagnostics(helpersUri, (published) => traced(published.diagnostics).length === 1);

  client.close(helpersUri);
  client.close(viewsUri);
});

test('the helper\'s file closed, the flow is reported at the call that leads into it; opened, at its sink', async () => {
  // A copy whose helper does not quote its argument on disk.
  const project = mkdtempSync(join(tmpdir(), 'pyward-flow-'));
  cpSync(workspace, project, { recursive: true });
  const helpers = join(project, 'app', 'helpers.py');
  writeFileSync(helpers, HELPERS.replace('shlex.quote(folder)', 'folder'));
  const own = await LspClient.start('stdio', project);
  try {
    const views = URI.file(join(project, 'app', 'views.py')).toString();
    const helper = URI.file(helpers).toString();
    own.open(views, readFileSync(join(project, 'app', 'views.py'), 'utf8'));
    const [call] = traced(await own.diagnostics(views, (published) => traced(published.diagnostics).length > 0));
    assert.equal(call.range.start.line, 9, 'at the call into the helper');
    assert.match(String(call.message), /^request\.args\["folder"\] \(line 10\) reaches subprocess\.run \(helpers\.py:6\) through archive\(folder\)/);

    const moved = own.diagnostics(helper, (published) => traced(published.diagnostics).length > 0);
    const leftCall = own.diagnostics(views, (published) => traced(published.diagnostics).length === 0);
    own.open(helper, readFileSync(helpers, 'utf8'));
    const [atSink] = traced(await moved);
    assert.equal(atSink.range.start.line, 5, 'at subprocess.run');
    await leftCall;

    const back = own.diagnostics(views, (published) => traced(published.diagnostics).length > 0);
    own.close(helper);
    assert.equal(traced(await back)[0].range.start.line, 9, 'back at the call once the helper is closed');
  } finally {
    await own.stop();
    rmSync(project, { recursive: true, force: true });
  }
});

test('after "Audit Workspace", a caller changed on disk moves the flow in and out of the helper it calls', async () => {
  const project = mkdtempSync(join(tmpdir(), 'pyward-flow-audit-'));
  cpSync(workspace, project, { recursive: true });
  const helpers = join(project, 'app', 'helpers.py');
  const views = join(project, 'app', 'views.py');
  writeFileSync(helpers, HELPERS.replace('shlex.quote(folder)', 'folder'));
  const own = await LspClient.start('stdio', project);
  try {
    const helper = URI.file(helpers).toString();
    const atSink = own.diagnostics(helper, (published) => traced(published.diagnostics).length > 0);
    await own.executeCommand('pyward.server.auditWorkspace');
    const [finding] = traced(await atSink);
    assert.equal(finding.range.start.line, 5, 'at subprocess.run in helpers.py');
    assert.equal(own.published(URI.file(views).toString()), undefined, 'views.py has nothing of its own');

    // views.py stops passing the request's value: the helper's sink is left with its pattern finding.
    const original = readFileSync(views, 'utf8');
    const gone = own.diagnostics(helper, (published) => traced(published.diagnostics).length === 0 && published.diagnostics.some((d) => d.code === 'PW301'));
    writeFileSync(views, original.replace('request.args["folder"]', '"static"'));
    own.fileChanged(URI.file(views).toString());
    await gone;

    const back = own.diagnostics(helper, (published) => traced(published.diagnostics).length > 0);
    writeFileSync(views, original);
    own.fileChanged(URI.file(views).toString());
    await back;
  } finally {
    await own.stop();
    rmSync(project, { recursive: true, force: true });
  }
});

test('editing an open URLconf to capture a view\'s parameter makes it input in the open view, and back', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'pyward-urls-'));
  const views = 'from django.shortcuts import redirect\n\n\ndef go(request, target, fallback):\n    if request.GET.get("help"):\n        return redirect(fallback)\n    return redirect(target)\n';
  const urls = 'from django.urls import path\n\nfrom . import views\n\nurlpatterns = [path("go/<slug:target>/", views.go, {"fallback": "/help/"})]\n';
  writeFileSync(join(folder, 'pyproject.toml'), '');
  cpSync(join(workspace, 'app', '__init__.py'), join(folder, 'app', '__init__.py'));
  writeFileSync(join(folder, 'app', 'views.py'), views);
  writeFileSync(join(folder, 'app', 'urls.py'), urls);
  const editor = await LspClient.start('stdio', folder);
  try {
    const [viewsAt, urlsAt] = ['views.py', 'urls.py'].map((name) => URI.file(join(folder, 'app', name)).toString());
    const redirects = (diagnostics: readonly Diagnostic[]) => diagnostics.filter((d) => d.code === 'PWT003').map((d) => d.range.start.line + 1);
    editor.open(viewsAt, views);
    editor.open(urlsAt, urls);
    assert.deepEqual(redirects(await editor.diagnosticsForCurrentVersion(viewsAt)), [7], 'fallback comes from the URLconf');
    const extra = '{"fallback": "/help/"}';
    const at = urls.indexOf('<slug:target>/"');
    // Capture `fallback` in the pattern (unsaved): the view's parameter is input now.
    editor.change(urlsAt, { start: positionAt(urls, at), end: positionAt(urls, at + '<slug:target>/"'.length) }, '<slug:target>/<fallback>/"');
    await editor.diagnostics(viewsAt, (published) => redirects(published.diagnostics).join() === '6,7');
    const captured = editor.text(urlsAt);
    const back = captured.indexOf('<fallback>/');
    editor.change(urlsAt, { start: positionAt(captured, back), end: positionAt(captured, back + '<fallback>/'.length) }, '');
    await editor.diagnostics(viewsAt, (published) => redirects(published.diagnostics).join() === '7');
    assert.ok(editor.text(urlsAt).includes(extra));
  } finally {
    await editor.stop();
    rmSync(folder, { recursive: true, force: true });
  }
});
