// Flows reported at their sinks by the audit: a view passing request input to a helper in another
// file is reported at the helper's sink, once, upgrading the rule's own finding there; the
// helper's suppression comments and rule selection apply to it; several callers make one finding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flowPaths } from '../../server/src/engine/finding';
import type { UserSettings } from '../../server/src/engine/config/configuration';
import { analyzeFile, forgetConfiguration } from '../../server/src/workspace/analyze-file';
import { auditPaths, type AuditResult } from '../../server/src/workspace/audit';
import { tempProject } from '../cli/temp-project';

const VIEWS = `from flask import Flask, request

from .helpers import archive

app = Flask(__name__)


@app.route("/archive")
def make_archive():
    return archive(request.args["folder"])
`;

const helpers = (sinkLine: string) => `import subprocess


def archive(folder):
    ${sinkLine}
    return "ok"
`;

const SHELL = 'subprocess.run("tar czf out.tgz " + folder, shell=True)';

async function audit(files: Record<string, string>, paths?: string[]): Promise<AuditResult> {
  const root = tempProject({ 'pyproject.toml': '', 'app/__init__.py': '', ...files });
  return auditPaths(paths?.map((path) => `${root}/${path}`) ?? [root], { jobs: 1, boundaries: [root] });
}

const findingsIn = (result: AuditResult, relativePath: string) => result.files.find((file) => file.relativePath.endsWith(relativePath))?.findings ?? [];
const lineOf = (result: AuditResult, relativePath: string, offset: number) => {
  const text = result.files.find((file) => file.relativePath.endsWith(relativePath))!.text!;
  return text.slice(0, offset).split('\n').length;
};

test('a flow through a helper is one finding at the helper\'s sink: the rule\'s own finding, upgraded', async () => {
  const result = await audit({ 'app/views.py': VIEWS, 'app/helpers.py': helpers(SHELL) });
  assert.deepEqual(findingsIn(result, 'views.py'), [], 'nothing at the call');
  const atSink = findingsIn(result, 'helpers.py').filter((finding) => finding.ruleId === 'PW301');
  assert.equal(atSink.length, 1);
  const [finding] = atSink;
  assert.equal(lineOf(result, 'helpers.py', finding.start), 5);
  assert.equal(finding.severity, 'high');
  assert.equal(finding.confidence, 'high');
  assert.ok(finding.traced);
  assert.match(finding.message, /^`request\.args\["folder"\]` \(views\.py:10\) reaches `subprocess\.run` through `archive\(folder\)`/);
  assert.ok(finding.flow![0].path?.endsWith('views.py'), 'the source step names the caller\'s file');
  assert.equal(finding.flow!.at(-1)!.path, undefined, 'the sink step is in the finding\'s own file');
  assert.equal(finding.atSink, undefined);
});

test('a suppression comment at the sink silences the flow delivered there, and is not reported unused', async () => {
  const result = await audit({ 'app/views.py': VIEWS, 'app/helpers.py': helpers(`${SHELL}  # pyward: ignore[PW301]`) });
  assert.deepEqual(findingsIn(result, 'views.py'), []);
  assert.deepEqual(findingsIn(result, 'helpers.py').map((finding) => finding.ruleId), []);
});

test('a sink no pattern rule flagged gets the flow\'s own finding there', async () => {
  const ssrf = 'import requests\n\n\ndef fetch(url):\n    return requests.get(url, timeout=5).text\n';
  const views = VIEWS.replace('from .helpers import archive', 'from .helpers import archive\nfrom .net import fetch').replace('return archive(request.args["folder"])', 'return fetch(request.args["u"])');
  const result = await audit({ 'app/views.py': views, 'app/net.py': ssrf, 'app/helpers.py': helpers(SHELL) });
  const [finding] = findingsIn(result, 'net.py');
  assert.equal(finding?.ruleId, 'PWT001');
  assert.equal(lineOf(result, 'net.py', finding.start), 5);

});

test('two views passing input to one helper make one finding at its sink, named by the first, with a path from each', async () => {
  const other = VIEWS.replace('def make_archive', 'def other_archive').replace('"/archive"', '"/other"');
  const result = await audit({ 'app/views.py': VIEWS, 'app/more_views.py': other, 'app/helpers.py': helpers(SHELL) });
  const atSink = findingsIn(result, 'helpers.py').filter((finding) => finding.ruleId === 'PW301');
  assert.equal(atSink.length, 1);
  assert.match(atSink[0].message, /^`request\.args\["folder"\]` \(more_views\.py:10\) and 1 other source reach `subprocess\.run`/, 'the first caller by path names it');
  assert.deepEqual(flowPaths(atSink[0]).map((path) => path[0].path?.split('/').pop()), ['more_views.py', 'views.py']);
  assert.deepEqual(findingsIn(result, 'views.py'), []);
  assert.deepEqual(findingsIn(result, 'more_views.py'), []);
});

test('auditing the view alone keeps the flow at the call, naming the sink\'s place', async () => {
  const result = await audit({ 'app/views.py': VIEWS, 'app/helpers.py': helpers(SHELL) }, ['app/views.py']);
  const [finding] = findingsIn(result, 'views.py');
  assert.equal(finding?.ruleId, 'PW301');
  assert.equal(lineOf(result, 'views.py', finding.start), 10);
  assert.match(finding.message, /reaches `subprocess\.run` \(helpers\.py:5\) through `archive\(folder\)`/);
});

test('a test file\'s flows are not reported unless every rule runs in tests; the pass reads no helper there', async () => {
  const SSRF_VIEW = `import requests
from flask import Flask, request

from app.helpers import archive

app = Flask(__name__)


@app.route("/proxy")
def proxy():
    archive(request.args["folder"])
    return requests.get(request.args["url"], timeout=5).text
`;
  const files = { 'tests/test_views.py': SSRF_VIEW, 'app/helpers.py': helpers(SHELL) };
  const root = tempProject({ 'pyproject.toml': '', 'app/__init__.py': '', ...files });
  const relaxed = await auditPaths([`${root}/tests/test_views.py`], { jobs: 1, boundaries: [root] });
  assert.deepEqual(findingsIn(relaxed, 'test_views.py').map((f) => f.ruleId), []);
  const every = await auditPaths([`${root}/tests/test_views.py`], { jobs: 1, boundaries: [root], settings: { allRulesInTests: true } });
  const traced = findingsIn(every, 'test_views.py').filter((f) => f.traced);
  assert.deepEqual(traced.map((f) => f.ruleId).sort(), ['PW301', 'PWT001'], 'the helper\'s shell and the SSRF, traced from the test\'s input');
  // What the audit cache records the file depends on: the helper only where the pass ran.
  const readBy = async (settings: UserSettings) => {
    forgetConfiguration();
    const outcome = await analyzeFile(`${root}/tests/test_views.py`, { maxFileSize: 1 << 20, settings, boundaries: [root] });
    return outcome.kind === 'analyzed' ? (outcome.otherFilesRead ?? []).map((path) => path.slice(root.length + 1)) : outcome.kind;
  };
  assert.deepEqual(await readBy({}), []);
  assert.deepEqual(await readBy({ allRulesInTests: true }), ['app/helpers.py']);
});
