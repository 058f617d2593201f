// The GitHub Actions rules (PWA001–PWA008): exact ranges, messages, severities, and every fix
// applied and re-analysed (the finding gone, nothing new, the YAML still valid).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Finding } from '../../server/src/engine/finding';
import { fileKindOf, type FileKind } from '../../server/src/engine/file-kind';
import { loadGrammars, parseWith } from '../../server/src/engine/grammars';
import { analyzeSource } from '../../server/src/engine/index';
import { LineIndex } from '../../server/src/report/location';
import { auditPaths } from '../../server/src/workspace/audit';
import { applyEdits, fixturePath, registry } from '../helpers';

async function analyze(text: string, kind: FileKind = 'workflow', path = '.github/workflows/ci.yml'): Promise<Finding[]> {
  return analyzeSource(text, kind, registry, { file: { path, isTest: false }, withFixes: true });
}

async function only(text: string, ruleId: string, kind: FileKind = 'workflow'): Promise<Finding> {
  const findings = (await analyze(text, kind)).filter((f) => f.ruleId === ruleId);
  assert.equal(findings.length, 1, `expected one ${ruleId} in:\n${text}\ngot ${findings.map((f) => f.message).join('\n')}`);
  return findings[0];
}

function span(text: string, finding: Finding): string {
  return text.slice(finding.start, finding.end);
}

async function yamlIsValid(text: string): Promise<boolean> {
  await loadGrammars();
  const tree = parseWith('yaml', text);
  const ok = !tree.rootNode.hasError;
  tree.delete();
  return ok;
}

function countByRule(findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  return counts;
}

/**
 * Applies the fix of the finding (of `ruleId`) covering `at`, checks that the result is `expected`
 * (when given), valid YAML, without that finding, and without new findings of any rule.
 */
async function applyAndRecheck(text: string, ruleId: string, at: string, expected?: string, kind: FileKind = 'workflow'): Promise<string> {
  const before = await analyze(text, kind);
  const offset = text.indexOf(at);
  assert.notEqual(offset, -1, at);
  const finding = before.find((f) => f.ruleId === ruleId && f.start <= offset && offset < Math.max(f.end, f.start + 1));
  assert.ok(finding, `no ${ruleId} at ${at}`);
  const fix = finding.fixes?.[0];
  assert.ok(fix, `${ruleId} offers no fix`);
  const fixed = applyEdits(text, fix.edits);
  if (expected !== undefined) assert.equal(fixed, expected);
  assert.ok(await yamlIsValid(fixed), `the fixed file is not valid YAML:\n${fixed}`);
  const after = await analyze(fixed, kind);
  const beforeCounts = countByRule(before);
  for (const [rule, count] of countByRule(after)) assert.ok(count <= (beforeCounts.get(rule) ?? 0), `new ${rule} finding after the fix:\n${fixed}`);
  assert.ok((countByRule(after).get(ruleId) ?? 0) < (beforeCounts.get(ruleId) ?? 0), `${ruleId} still reported after the fix:\n${fixed}`);
  return fixed;
}

const SHA = '11bd71901bbe5b1630ceea73d27597364c9af683';

// ── PWA001 unpinned-action ──────────────────────────────────────────────────────────────────

test('PWA001: tag and branch references are reported on the uses value; SHAs, local and digests are not', async () => {
  const text = [
    'on: push',
    'permissions:',
    '  contents: read',
    'jobs:',
    '  test:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    `      - uses: actions/checkout@${SHA} # v4.2.2`,
    `      - uses: actions/checkout@${SHA.slice(0, 12)}`,
    '      - uses: ./local-action',
    '      - uses: docker://alpine@sha256:' + 'a'.repeat(64),
    '      - uses: ${{ matrix.action }}',
    '',
  ].join('\n');
  const findings = (await analyze(text)).filter((f) => f.ruleId === 'PWA001');
  assert.deepEqual(findings.map((f) => span(text, f)), ['actions/checkout@v4', `actions/checkout@${SHA.slice(0, 12)}`]);
  const message = findings[0].message;
  assert.match(message, /gh api repos\/actions\/checkout\/commits\/v4 --jq \.sha/);
  assert.match(message, /uses: actions\/checkout@<sha> # v4/);
  assert.equal(findings[0].severity, 'low');
});

test('PWA001: third-party actions in a workflow that reads secrets are high severity', async () => {
  const text = [
    'on: push',
    'permissions:',
    '  contents: read',
    'jobs:',
    '  deploy:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - uses: example/deployer@main',
    '        with:',
    '          key: ${{ secrets.DEPLOY_KEY }}',
    '',
  ].join('\n');
  const findings = (await analyze(text)).filter((f) => f.ruleId === 'PWA001');
  assert.deepEqual(
    findings.map((f) => [span(text, f), f.severity]),
    [
      ['actions/checkout@v4', 'medium'],
      ['example/deployer@main', 'high'],
    ],
  );
  assert.match(findings[1].message, /reads secrets/);
  assert.match(findings[1].message, /commits\/TAG/, 'a branch is not offered as the tag to pin');
});

test('PWA001: a line suppression comment silences it', async () => {
  const text = 'on: push\npermissions:\n  contents: read\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4 # pyward: ignore[PWA001, PWA006]\n';
  assert.deepEqual((await analyze(text)).map((f) => f.ruleId), []);
});

// ── PWA002 dangerous-trigger-checkout ───────────────────────────────────────────────────────

test('PWA002: pull_request_target checking out the head is reported on the ref entry', async () => {
  const text = [
    'on: pull_request_target',
    'permissions:',
    '  contents: read',
    'jobs:',
    '  t:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    `      - uses: actions/checkout@${SHA}`,
    '        with:',
    '          persist-credentials: false',
    "          ref: ${{ github.event.pull_request.head.ref }}",
    '',
  ].join('\n');
  const finding = await only(text, 'PWA002');
  assert.equal(span(text, finding), 'ref: ${{ github.event.pull_request.head.ref }}');
  assert.match(finding.message, /pull_request_target/);
  // The same checkout under `pull_request` is fine.
  assert.deepEqual((await analyze(text.replace('pull_request_target', 'pull_request'))).filter((f) => f.ruleId === 'PWA002'), []);
});

test('PWA002: issue_comment checking out refs/pull is reported', async () => {
  const text = [
    'on:',
    '  issue_comment:',
    '    types: [created]',
    'permissions:',
    '  contents: read',
    'jobs:',
    '  t:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    `      - uses: actions/checkout@${SHA}`,
    '        with:',
    '          persist-credentials: false',
    "          ref: refs/pull/${{ github.event.issue.number }}/head",
    '',
  ].join('\n');
  assert.equal(span(text, await only(text, 'PWA002')), 'ref: refs/pull/${{ github.event.issue.number }}/head');
});

// ── PWA003 template-injection ───────────────────────────────────────────────────────────────

const header = 'on: issues\npermissions:\n  contents: read\njobs:\n  triage:\n    runs-on: ubuntu-latest\n    steps:\n';

test('PWA003: exact range of the expression inside a block scalar, and the fix moves it to env', async () => {
  const text = header + '      - name: Greet\n        run: |\n          echo "Thanks for ${{ github.event.issue.title }}!"\n          echo done\n';
  const finding = await only(text, 'PWA003');
  assert.equal(span(text, finding), '${{ github.event.issue.title }}');
  assert.match(finding.message, /ISSUE_TITLE: \$\{\{ github\.event\.issue\.title \}\}/);
  await applyAndRecheck(
    text,
    'PWA003',
    '${{ github.event.issue.title',
    header + '      - name: Greet\n        run: |\n          echo "Thanks for ${ISSUE_TITLE}!"\n          echo done\n        env:\n          ISSUE_TITLE: ${{ github.event.issue.title }}\n',
  );
});

test('PWA003: fix in a plain one-line run adds quotes and joins an existing env', async () => {
  const text = header + '      - run: echo ${{ github.event.pull_request.head.ref }} && echo ok\n        env:\n          OTHER: x\n';
  await applyAndRecheck(
    text,
    'PWA003',
    '${{ github',
    header + '      - run: echo "${PR_HEAD_REF}" && echo ok\n        env:\n          OTHER: x\n          PR_HEAD_REF: ${{ github.event.pull_request.head.ref }}\n',
  );
});

test('PWA003: fix inside single quotes closes them around the variable; every occurrence is replaced', async () => {
  const text = header + "      - run: |\n          echo '${{ github.event.comment.body }}'\n          printf %s \"${{ github.event.comment.body }}\"\n";
  const findings = (await analyze(text)).filter((f) => f.ruleId === 'PWA003');
  assert.equal(findings.length, 2);
  await applyAndRecheck(
    text,
    'PWA003',
    "${{ github.event.comment.body }}'",
    header + "      - run: |\n          echo ''\"${COMMENT_BODY}\"''\n          printf %s \"${COMMENT_BODY}\"\n        env:\n          COMMENT_BODY: ${{ github.event.comment.body }}\n",
  );
});

test('PWA003: github-script code reads process.env', async () => {
  const text = header + `      - uses: actions/github-script@${SHA}\n        with:\n          script: |\n            const title = "\${{ github.event.issue.title }}";\n            core.info(title);\n`;
  const finding = await only(text, 'PWA003');
  assert.match(finding.message, /process\.env\.ISSUE_TITLE/);
  const fixed = await applyAndRecheck(text, 'PWA003', '${{ github.event.issue.title');
  assert.match(fixed, /const title = "" \+ process\.env\.ISSUE_TITLE \+ "";/);
  assert.match(fixed, /\n {8}env:\n {10}ISSUE_TITLE: \$\{\{ github\.event\.issue\.title \}\}\n$/);
});

test('PWA003: safe contexts, if: conditions and with: of ordinary actions are not reported', async () => {
  const text =
    header +
    "      - if: contains(github.event.issue.title, 'bug')\n        run: echo \"#${{ github.event.issue.number }} ${{ github.sha }} ${{ github.event.pull_request.head.sha }}\"\n" +
    `      - uses: actions/labeler@${SHA}\n        with:\n          title: \${{ github.event.issue.title }}\n`;
  assert.deepEqual((await analyze(text)).filter((f) => f.ruleId === 'PWA003'), []);
});

test('PWA003: bracket indexing and whole-object expansions count', async () => {
  const text = header + "      - run: |\n          echo ${{ github.event['issue']['body'] }}\n          echo '${{ toJSON(github.event.commits[0].message) }}'\n";
  const findings = (await analyze(text)).filter((f) => f.ruleId === 'PWA003');
  assert.deepEqual(findings.map((f) => span(text, f)), ["${{ github.event['issue']['body'] }}", '${{ toJSON(github.event.commits[0].message) }}']);
});

test('PWA003: a CRLF file keeps CRLF in the fix', async () => {
  const text = (header + '      - run: |\n          echo ${{ github.head_ref }}\n').replace(/\n/g, '\r\n');
  const fixed = await applyAndRecheck(text, 'PWA003', '${{ github.head_ref');
  assert.ok(!/[^\r]\n/.test(fixed), 'a bare LF was introduced');
  assert.match(fixed, /echo "\$\{HEAD_REF\}"\r\n {8}env:\r\n {10}HEAD_REF: \$\{\{ github\.head_ref \}\}\r\n$/);
});

test("PWA003: a composite action's input in a run: script is reported, less severe and less sure; the fix passes it through env", async () => {
  const action = (step: string) => `name: Greet\ninputs:\n  who:\n    description: whom\nruns:\n  using: composite\n  steps:\n${step}`;
  const text = action('    - run: echo "Hello ${{ inputs.who }}"\n      shell: bash\n');
  const finding = await only(text, 'PWA003', 'action');
  assert.equal(span(text, finding), '${{ inputs.who }}');
  assert.equal(finding.severity, 'medium');
  assert.equal(finding.confidence, 'low');
  assert.match(finding.message, /this action's input .*`INPUT_WHO: \$\{\{ inputs\.who \}\}` in `env:` and use "\$INPUT_WHO"\.$/);
  const fixed = await applyAndRecheck(text, 'PWA003', '${{ inputs.who', action('    - run: echo "Hello ${INPUT_WHO}"\n      shell: bash\n      env:\n        INPUT_WHO: ${{ inputs.who }}\n'), 'action');
  assert.deepEqual((await analyze(fixed, 'action')).filter((f) => f.ruleId === 'PWA003'), []);
  // Outsider text in the same action keeps the rule's own severity.
  const event = await only(action('    - run: echo "${{ github.event.issue.title }}"\n      shell: bash\n'), 'PWA003', 'action');
  assert.equal(event.severity, 'high');
  assert.equal(event.confidence, 'high');
  // Not a composite action: its `inputs` are not read by steps of its own.
  const docker = 'name: d\ninputs:\n  who:\n    description: w\nruns:\n  using: docker\n  image: Dockerfile\n  steps:\n    - run: echo "${{ inputs.who }}"\n';
  assert.deepEqual((await analyze(docker, 'action')).filter((f) => f.ruleId === 'PWA003'), []);
});

// ── PWA004 excessive-permissions ────────────────────────────────────────────────────────────

test('PWA004: no top-level permissions: reported on `on`, fix adds contents: read after the on block', async () => {
  const text = 'name: Tests\non:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n';
  const finding = await only(text, 'PWA004');
  assert.equal(span(text, finding), 'on');
  await applyAndRecheck(text, 'PWA004', 'on:', 'name: Tests\non:\n  push:\n    branches: [main]\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n');
});

test('PWA004: the top-level fix also grants the write scopes a job visibly needs, in its indentation', async () => {
  const text = [
    'on: push',
    'jobs:',
    '    publish:',
    '        runs-on: ubuntu-latest',
    '        steps:',
    `            - uses: pypa/gh-action-pypi-publish@${SHA}`,
    '',
  ].join('\n');
  const fixed = await applyAndRecheck(text, 'PWA004', 'on');
  assert.equal(
    fixed,
    [
      'on: push',
      'permissions:',
      '    contents: read',
      'jobs:',
      '    publish:',
      '        runs-on: ubuntu-latest',
      '        permissions:',
      '            contents: read',
      '            id-token: write',
      '        steps:',
      `            - uses: pypa/gh-action-pypi-publish@${SHA}`,
      '',
    ].join('\n'),
  );
});

test('PWA004: write-all is replaced with the scopes the steps need', async () => {
  const text = `on: push\npermissions: write-all\njobs:\n  docs:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@${SHA}\n      - run: git push origin gh-pages\n`;
  const finding = await only(text, 'PWA004');
  assert.equal(span(text, finding), 'write-all');
  assert.equal(finding.severity, 'high');
  assert.match(finding.message, /contents: write/);
  await applyAndRecheck(text, 'PWA004', 'write-all', `on: push\npermissions:\n  contents: write\njobs:\n  docs:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@${SHA}\n      - run: git push origin gh-pages\n`);
});

test('PWA004: an unneeded job write scope is lowered; unknown actions keep theirs', async () => {
  const text = `on: push\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: write\n      id-token: write\n    steps:\n      - run: pytest\n  bot:\n    runs-on: ubuntu-latest\n    permissions:\n      issues: write\n    steps:\n      - uses: example/bot@${SHA}\n`;
  const findings = (await analyze(text)).filter((f) => f.ruleId === 'PWA004');
  assert.deepEqual(findings.map((f) => span(text, f)), ['contents: write', 'id-token: write']);
  const fixed = await applyAndRecheck(text, 'PWA004', 'id-token: write');
  assert.match(fixed, /id-token: none/);
});

test('PWA004: workflows only called by others and action files are not reported', async () => {
  assert.deepEqual(await analyze('on:\n  workflow_call:\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n'), []);
  assert.deepEqual(await analyze('name: x\nruns:\n  using: composite\n  steps:\n    - run: make\n      shell: bash\n', 'action', 'action.yml'), []);
});

// ── PWA005 pypi-token-publishing ────────────────────────────────────────────────────────────

test('PWA005: password is removed (with user: __token__) and id-token: write added to the job', async () => {
  const text = [
    'on: release',
    'permissions:',
    '  contents: read',
    'jobs:',
    '  publish:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    `      - uses: pypa/gh-action-pypi-publish@${SHA} # v1.12.4`,
    '        with:',
    '          user: __token__',
    '          password: ${{ secrets.PYPI_API_TOKEN }}',
    '',
  ].join('\n');
  const finding = await only(text, 'PWA005');
  assert.equal(span(text, finding), 'password: ${{ secrets.PYPI_API_TOKEN }}');
  assert.match(finding.message, /Trusted Publishing/);
  await applyAndRecheck(
    text,
    'PWA005',
    'password',
    ['on: release', 'permissions:', '  contents: read', 'jobs:', '  publish:', '    runs-on: ubuntu-latest', '    permissions:', '      contents: read', '      id-token: write', '    steps:', `      - uses: pypa/gh-action-pypi-publish@${SHA} # v1.12.4`, ''].join('\n'),
  );
});

test('PWA005: an existing job permissions block gains id-token: write; other with: entries stay', async () => {
  const text = [
    'on: release',
    'permissions:',
    '  contents: read',
    'jobs:',
    '  publish:',
    '    runs-on: ubuntu-latest',
    '    permissions:',
    '      contents: read',
    '    steps:',
    `      - uses: pypa/gh-action-pypi-publish@${SHA}`,
    '        with:',
    '          password: ${{ secrets.PYPI_API_TOKEN }}',
    '          repository-url: https://test.pypi.org/legacy/',
    '',
  ].join('\n');
  const fixed = await applyAndRecheck(text, 'PWA005', 'password');
  assert.match(fixed, /permissions:\n {6}contents: read\n {6}id-token: write\n/);
  assert.match(fixed, /with:\n {10}repository-url: https:\/\/test\.pypi\.org\/legacy\/\n$/);
});

test('PWA005: with lone CR line ends no fix has overlapping edits (one would corrupt the file)', async () => {
  // Found by the fuzz loop: the YAML reader and the line helpers split lone-CR lines differently,
  // so the removed `with:` lines swallowed the place where `permissions:` was to be inserted.
  const text = 'jobs:\r : steps:\r      - uses: pypa/gh-action-pypi-publish\r        with:\n         password: $\n';
  const findings = await analyze(text);
  assert.ok(findings.some((f) => f.ruleId === 'PWA005'), 'the token is still reported');
  for (const finding of findings) {
    for (const fix of finding.fixes ?? []) {
      const edits = [...fix.edits].sort((a, b) => a.start - b.start);
      for (let i = 1; i < edits.length; i++) assert.ok(edits[i].start >= edits[i - 1].end, `${finding.ruleId} "${fix.title}" has overlapping edits`);
    }
  }
});

test('PWA005: twine with TWINE_PASSWORD is reported on the variable', async () => {
  const text = 'on: release\npermissions:\n  contents: read\njobs:\n  p:\n    runs-on: ubuntu-latest\n    env:\n      TWINE_PASSWORD: ${{ secrets.PYPI }}\n    steps:\n      - run: twine upload dist/*\n';
  const finding = await only(text, 'PWA005');
  assert.equal(span(text, finding), 'TWINE_PASSWORD: ${{ secrets.PYPI }}');
  assert.match(finding.message, /twine upload/);
});

// ── PWA006 checkout-persisted-credentials ───────────────────────────────────────────────────

const uploadJob = (checkout: string) => `on: push\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n${checkout}      - uses: actions/upload-artifact@${SHA}\n        with:\n          path: dist/\n`;

test('PWA006: adds with: persist-credentials: false under a bare checkout', async () => {
  const text = uploadJob(`      - uses: actions/checkout@${SHA} # v4.2.2\n`);
  const finding = await only(text, 'PWA006');
  assert.equal(span(text, finding), `actions/checkout@${SHA}`);
  await applyAndRecheck(text, 'PWA006', 'actions/checkout', uploadJob(`      - uses: actions/checkout@${SHA} # v4.2.2\n        with:\n          persist-credentials: false\n`));
});

test('PWA006: adds to an existing with:, or flips persist-credentials: true', async () => {
  await applyAndRecheck(uploadJob(`      - uses: actions/checkout@${SHA}\n        with:\n          fetch-depth: 0\n`), 'PWA006', 'actions/checkout', uploadJob(`      - uses: actions/checkout@${SHA}\n        with:\n          fetch-depth: 0\n          persist-credentials: false\n`));
  await applyAndRecheck(uploadJob(`      - uses: actions/checkout@${SHA}\n        with:\n          persist-credentials: true\n`), 'PWA006', 'actions/checkout', uploadJob(`      - uses: actions/checkout@${SHA}\n        with:\n          persist-credentials: false\n`));
});

test('PWA006: a flow-mapping step gets a flow with:', async () => {
  const text = uploadJob(`      - {name: co, uses: actions/checkout@${SHA}}\n`);
  await applyAndRecheck(text, 'PWA006', 'actions/checkout', uploadJob(`      - {name: co, uses: actions/checkout@${SHA}, with: {persist-credentials: false}}\n`));
});

test('PWA006: jobs without uploads are reported low, unless the job pushes with the stored token', async () => {
  const text = `on: push\npermissions:\n  contents: read\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@${SHA}\n      - run: pytest\n`;
  const finding = await only(text, 'PWA006');
  assert.equal(finding.severity, 'low');
  assert.match(finding.message, /every later step can read it/);
  const pushes = `on: push\npermissions:\n  contents: write\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@${SHA}\n      - run: git commit -am bump && git push\n`;
  assert.deepEqual((await analyze(pushes)).filter((f) => f.ruleId === 'PWA006'), []);
  const off = `on: push\npermissions:\n  contents: read\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@${SHA}\n        with:\n          persist-credentials: false\n      - run: pytest\n`;
  assert.deepEqual(await analyze(off), []);
});

// ── PWA007 unpinned-install-in-release-job ──────────────────────────────────────────────────

test('PWA007: named installs in a release job are reported from pip to the end of the command', async () => {
  const text = `on: release\npermissions:\n  contents: read\njobs:\n  r:\n    runs-on: ubuntu-latest\n    permissions:\n      id-token: write\n    steps:\n      - run: python -m pip install build twine==6.0 && python -m build\n      - run: pip install -r requirements.txt\n      - uses: pypa/gh-action-pypi-publish@${SHA}\n`;
  const finding = await only(text, 'PWA007');
  assert.equal(span(text, finding), 'python -m pip install build twine==6.0');
  assert.match(finding.message, /`build`, `twine==6.0`/);
});

// ── PWA008 malformed-workflow ───────────────────────────────────────────────────────────────

test('PWA008: one diagnostic at the error, and no other workflow findings', async () => {
  const text = 'on: push\njobs:\n  test:\n    steps:\n      - uses: actions/checkout@v4\n     - run: pytest\n';
  const findings = await analyze(text);
  assert.deepEqual(findings.map((f) => f.ruleId), ['PWA008']);
  assert.equal(span(text, findings[0]), '- run: pytest');
  const unclosed = 'on: push\npermissions: {contents: read\njobs: {}\n';
  const [error] = await analyze(unclosed);
  assert.equal(error.ruleId, 'PWA008');
  assert.match(error.message, /not valid YAML/);
});

// ── the workspace audit ─────────────────────────────────────────────────────────────────────

test('the workspace audit analyses .github/workflows and action.yml', async () => {
  const root = mkdtempSync(join(tmpdir(), 'pyward-workflows-'));
  try {
    mkdirSync(join(root, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(root, '.github', 'workflows', 'ci.yml'), 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n');
    writeFileSync(join(root, 'action.yml'), 'name: a\nruns:\n  using: composite\n  steps:\n    - run: echo "${{ github.event.issue.title }}"\n      shell: bash\n');
    const result = await auditPaths([root], { jobs: 1 });
    const found = result.files.flatMap((file) => file.findings.map((f) => `${file.relativePath}:${f.ruleId}`)).sort();
    assert.deepEqual(found, ['.github/workflows/ci.yml:PWA001', '.github/workflows/ci.yml:PWA004', '.github/workflows/ci.yml:PWA006', 'action.yml:PWA003']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

// ── line endings ────────────────────────────────────────────────────────────────────────────

/** The PWA fixtures' workflow and action files, relative to their fixture folder, with their kind. */
function workflowFixtures(): { folder: string; path: string; file: string; kind: FileKind }[] {
  const files = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
  return readdirSync(fixturePath('rules'))
    .filter((name) => name.startsWith('PWA'))
    .flatMap((folder) =>
      files(fixturePath('rules', folder)).flatMap((file) => {
        const path = relative(fixturePath('rules', folder), file).split('\\').join('/');
        const kind = fileKindOf(path);
        return kind === 'workflow' || kind === 'action' ? [{ folder, path, file, kind }] : [];
      }),
    );
}

test('a lone CR ends a line as LF and CRLF do: findings land on the same text and lines, and fixes keep the ending', async () => {
  let compared = 0;
  for (const { folder, path, file, kind } of workflowFixtures()) {
    const lf = readFileSync(file, 'utf8').replace(/\r\n?/g, '\n');
    const variants = ['\n', '\r\n', '\r'].map((eol) => ({ eol, text: lf.replace(/\n/g, eol) }));
    const results = await Promise.all(variants.map(async ({ eol, text }) => ({ eol, text, findings: await analyzeSource(text, kind, registry, { file: { path, isTest: false }, withFixes: true }) })));
    const [reference, ...others] = results;
    const seen = (result: (typeof results)[number]) => {
      const lines = new LineIndex(result.text);
      return result.findings.map((f) => `${lines.position(f.start).line}:${lines.position(f.start).column} ${f.ruleId} ${result.text.slice(f.start, f.end).split(result.eol).join('\n')} | ${f.message}`);
    };
    for (const other of others) {
      const where = `${folder}/${path} with ${JSON.stringify(other.eol)}`;
      assert.deepEqual(seen(other), seen(reference), where);
      other.findings.forEach((finding, i) => {
        (finding.fixes ?? []).forEach((fix, j) => {
          const expected = applyEdits(reference.text, reference.findings[i].fixes![j].edits).split('\n').join(other.eol);
          assert.equal(applyEdits(other.text, fix.edits), expected, `${where}: "${fix.title}"`);
        });
      });
      compared += other.findings.length;
    }
  }
  assert.ok(compared > 50, `only ${compared} findings compared`);
});

test('in a lone-CR workflow a # pyward: ignore comment silences its own line only', async () => {
  const text = (header + '      - run: echo "${{ github.event.issue.title }}"  # pyward: ignore[PWA003]\n      - run: echo "${{ github.head_ref }}"\n').replace(/\n/g, '\r');
  const finding = await only(text, 'PWA003');
  assert.equal(span(text, finding), '${{ github.head_ref }}');
});

// ── every fix offered on the fixtures ───────────────────────────────────────────────────────

test('every fix offered on the PWA fixtures yields valid YAML without that finding or new ones', async () => {
  const files = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
  let applied = 0;
  for (const folder of readdirSync(fixturePath('rules')).filter((name) => name.startsWith('PWA'))) {
    for (const path of files(fixturePath('rules', folder))) {
      const kind = fileKindOf(path.split('\\').join('/'));
      if (kind !== 'workflow' && kind !== 'action') continue;
      const text = readFileSync(path, 'utf8');
      const before = await analyze(text, kind);
      for (const finding of before) {
        for (const fix of finding.fixes ?? []) {
          const fixed = applyEdits(text, fix.edits);
          assert.ok(await yamlIsValid(fixed), `${folder}: "${fix.title}" breaks the YAML:\n${fixed}`);
          const after = await analyze(fixed, kind);
          const counts = countByRule(before);
          for (const [rule, count] of countByRule(after)) assert.ok(count <= (counts.get(rule) ?? 0), `${folder}: new ${rule} after "${fix.title}":\n${fixed}`);
          assert.ok((countByRule(after).get(finding.ruleId) ?? 0) < counts.get(finding.ruleId)!, `${folder}: ${finding.ruleId} left after "${fix.title}":\n${fixed}`);
          applied++;
        }
      }
    }
  }
  assert.ok(applied >= 10, `only ${applied} fixes were checked`);
  console.log(`checked ${applied} fixes on the PWA fixtures`);
});

test('PWA001: offline, the fix reuses a SHA the file pins for the same action with a matching version comment', async () => {
  const text = `on: push\npermissions:\n  contents: read\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@${SHA} # v4.2.2\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-python@v5\n`;
  const findings = (await analyze(text)).filter((f) => f.ruleId === 'PWA001');
  assert.equal(findings.length, 2);
  assert.deepEqual(findings[1].fixes, [], 'no SHA known for setup-python');
  await applyAndRecheck(text, 'PWA001', 'actions/checkout@v4', text.replace('actions/checkout@v4\n', `actions/checkout@${SHA} # v4.2.2\n`));
  // A different major version is not offered.
  const v3 = (await analyze(text.replace('actions/checkout@v4\n', 'actions/checkout@v3\n'))).filter((f) => f.ruleId === 'PWA001');
  assert.deepEqual(v3[0].fixes, []);
});

test('PWA003: on a Windows runner the fix writes PowerShell', async () => {
  const text = 'on: issues\npermissions:\n  contents: read\njobs:\n  t:\n    runs-on: windows-latest\n    steps:\n      - run: Write-Host "Title - ${{ github.event.issue.title }}"\n';
  assert.match((await only(text, 'PWA003')).message, /\$env:ISSUE_TITLE/);
  await applyAndRecheck(text, 'PWA003', '${{', text.replace('${{ github.event.issue.title }}', '$($env:ISSUE_TITLE)') + '        env:\n          ISSUE_TITLE: ${{ github.event.issue.title }}\n');
});

// ── Issue 16: env indirection, third-party code sinks, low-severity triggers, false positives ──

test('PWA003: `${{ env.X }}` in code, where env sets X from outsider text, is injection; reading $X is not', async () => {
  const text = [
    'on: issues',
    'permissions:',
    '  contents: read',
    'env:',
    '  TITLE: ${{ github.event.issue.title }}',
    'jobs:',
    '  t:',
    '    runs-on: ubuntu-latest',
    '    env:',
    '      SAFE: ${{ github.repository }}',
    '    steps:',
    '      - run: echo "${{ env.TITLE }}" "$TITLE" "${{ env.SAFE }}"',
    '      - shell: pwsh',
    '        run: Write-Output "${{ env.TITLE }}"',
    '',
  ].join('\n');
  const findings = (await analyze(text)).filter((f) => f.ruleId === 'PWA003');
  assert.deepEqual(findings.map((f) => span(text, f)), ['${{ env.TITLE }}', '${{ env.TITLE }}']);
  assert.match(findings[0].message, /pastes `TITLE`, which `env:` sets from text an outsider chooses/);
  assert.match(findings[1].message, /\$env:TITLE/);
  // A step's own env shadows the workflow's: the job reads its safe value.
  const shadowed = text.replace('    steps:\n', '    steps:\n      - env:\n          TITLE: fixed\n        run: echo "${{ env.TITLE }}"\n');
  assert.equal((await analyze(shadowed)).filter((f) => f.ruleId === 'PWA003').length, 2);
});

test('PWA003: third-party actions whose input is code: run-python-script-action, yq', async () => {
  const text = [
    'on: pull_request_target',
    'permissions:',
    '  contents: read',
    'jobs:',
    '  t:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    `      - uses: jannekem/run-python-script-action@${SHA}`,
    '        with:',
    '          script: print("${{ github.event.pull_request.title }}")',
    `      - uses: mikefarah/yq@${SHA}`,
    '        with:',
    '          cmd: yq ".title = \\"${{ github.head_ref }}\\"" config.yml',
    '',
  ].join('\n');
  const findings = (await analyze(text)).filter((f) => f.ruleId === 'PWA003');
  assert.deepEqual(findings.map((f) => span(text, f)), ['${{ github.event.pull_request.title }}', '${{ github.head_ref }}']);
  assert.match(findings[0].message, /the `script:` code of `jannekem\/run-python-script-action`.*os\.environ\["PR_TITLE"\]/);
});

test('PWA002: pull_request_target with secrets or a write token but no checkout is reported low, on the trigger', async () => {
  const base = ['on: pull_request_target', 'jobs:', '  label:', '    runs-on: ubuntu-latest'];
  const withWrite = [...base, '    permissions:', '      pull-requests: write', '    steps:', `      - uses: actions/labeler@${SHA}`, ''].join('\n');
  const finding = await only(withWrite, 'PWA002');
  assert.equal(finding.severity, 'low');
  assert.equal(span(withWrite, finding), 'pull_request_target');
  const readOnly = [...base, '    permissions:', '      contents: read', '    steps:', '      - run: echo hello', ''].join('\n');
  assert.deepEqual((await analyze(readOnly)).filter((f) => f.ruleId === 'PWA002'), []);
});

test('PWA005: a private index (repository-url) keeps its token; PWA004: npm publish --provenance needs id-token', async () => {
  const privateIndex = `on: release\npermissions:\n  contents: read\njobs:\n  p:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: pypa/gh-action-pypi-publish@${SHA}\n        with:\n          repository-url: https://acme.jfrog.io/artifactory/api/pypi/pypi-local\n          password: \${{ secrets.ARTIFACTORY_TOKEN }}\n`;
  assert.deepEqual((await analyze(privateIndex)).filter((f) => f.ruleId === 'PWA005'), []);
  const testPypi = privateIndex.replace('https://acme.jfrog.io/artifactory/api/pypi/pypi-local', 'https://test.pypi.org/legacy/');
  assert.equal((await analyze(testPypi)).filter((f) => f.ruleId === 'PWA005').length, 1);
  const npm = `on: release\npermissions:\n  contents: read\njobs:\n  p:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n      id-token: write\n    steps:\n      - run: npm publish --provenance --access public\n`;
  assert.deepEqual((await analyze(npm)).filter((f) => f.ruleId === 'PWA004'), []);
});

test('zizmor ignore comments silence the matching rule only', async () => {
  const text = 'on: issues\npermissions:\n  contents: read\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.issue.title }}" # zizmor: ignore[template-injection]\n';
  assert.deepEqual((await analyze(text)).filter((f) => f.ruleId === 'PWA003'), []);
  const other = text.replace('template-injection', 'unpinned-uses');
  assert.equal((await analyze(other)).filter((f) => f.ruleId === 'PWA003').length, 1);
});
