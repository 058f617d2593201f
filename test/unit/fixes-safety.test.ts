// The fixes that broke programs (issue 19), on realistic code around them: a hash fix on a
// password check and on Flask's session signer, compare_digest on a form field that may be
// missing, new imports in a module with a docstring, `from __future__` and grouped imports,
// no runtime dependency for a type-only import; and "fix all", which applies safe fixes only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../server/src/engine/finding';
import { analyzePython } from '../../server/src/engine/index';
import { compatibleFixes, differenceEdit, fixAll, preferredFix } from '../../server/src/engine/fix-all';
import { safeFix, unsafeFix } from '../../server/src/engine/fixer';
import { Project } from '../../server/src/project/project';
import { analyzeWithFixes, applyEdits, applyFix, fixturePath, onlyFinding, parsesCleanly, registry } from '../helpers';

const PASSWORD_CHECK = `"""Accounts."""
from hashlib import md5

from .models import User


def check_password(user: User, password: str) -> bool:
    return md5(password.encode()).hexdigest() == user.password_md5
`;

// flask/sessions.py, as shipped.
const SESSION_SIGNER = `import hashlib
import typing as t

from itsdangerous import URLSafeTimedSerializer


def _lazy_sha1(string: bytes = b"") -> t.Any:
    """Don't access \`\`hashlib.sha1\`\` until runtime."""
    return hashlib.sha1(string)


class SecureCookieSessionInterface:
    salt = "cookie-session"
    digest_method = staticmethod(_lazy_sha1)
`;

const analyse = (text: string) => analyzeWithFixes(text);

test('a password check: "Use hashlib.sha256" is unsafe (stored hashes stop matching) and leaves no unused md5 import', async () => {
  const finding = await onlyFinding(PASSWORD_CHECK, 'PW602');
  const sha256 = finding.fixes!.find((fix) => fix.title.startsWith('Use hashlib.sha256'))!;
  assert.equal(sha256.applicability, 'unsafe');
  assert.equal(sha256.preferred, false);
  assert.match(sha256.title, /\(changes behaviour: digests differ, so stored or exchanged ones stop matching\)$/);
  const fixed = await applyFix(PASSWORD_CHECK, 'PW602', 'Use hashlib.sha256');
  assert.equal(fixed, PASSWORD_CHECK.replace('from hashlib import md5', 'from hashlib import sha256').replace('md5(password', 'sha256(password'));
  assert.ok(!/\bmd5\b/.test(fixed.replace('password_md5', '')), 'md5 left behind');
  // Nothing about the hash is applied in bulk: the stored hashes keep matching.
  const all = await fixAll(PASSWORD_CHECK, analyse);
  assert.ok(all.text.includes('md5(password.encode())'), all.text);
  assert.equal(all.byRule.get('PW602'), undefined);
});

test('Flask\'s session signer: the hash fix is unsafe and never preferred, so "fix all" does not invalidate every cookie', async () => {
  const finding = await onlyFinding(SESSION_SIGNER, 'PW602');
  assert.deepEqual(
    finding.fixes!.map((fix) => [fix.applicability, fix.preferred]),
    [
      ['unsafe', false],
      ['safe', false],
    ],
  );
  assert.equal(preferredFix(finding), undefined);
  assert.equal((await fixAll(SESSION_SIGNER, analyse)).text, SESSION_SIGNER);
});

test('usedforsecurity=False is safe, and preferred (applied in bulk) only where the digest is evidently not for security', async () => {
  const source = 'import hashlib\n\n\ndef etag(body: bytes) -> str:\n    return hashlib.md5(body).hexdigest()\n';
  const result = await fixAll(source, analyse);
  assert.equal(result.text, source.replace('hashlib.md5(body)', 'hashlib.md5(body, usedforsecurity=False)'));
});

test('compare_digest is not offered when a side may be None: a missing form field would raise TypeError', async () => {
  const view = (comparison: string, extra = '') =>
    `from flask import request, session\n\n\ndef confirm(${extra}):\n    expected_token = session["csrf_token"]\n${comparison}\n`;
  for (const [comparison, extra] of [
    ['    if expected_token != request.form.get("csrf_token"):\n        abort(403)', ''],
    ['    submitted = request.form.get("csrf_token")\n    if submitted != expected_token:\n        abort(403)', ''],
    ['    if csrf_token != expected_token:\n        abort(403)', 'csrf_token=None'],
    ['    if expected_token != getattr(request, "csrf_token", None):\n        abort(403)', ''],
  ]) {
    const source = view(comparison, extra);
    const finding = await onlyFinding(source, 'PW608');
    assert.deepEqual(finding.fixes, [], source);
  }
  // A value with a non-None default, or none possible: offered, unsafe (str against bytes raises).
  const source = view('    if request.form.get("csrf_token", "") != expected_token:\n        abort(403)');
  const fix = (await onlyFinding(source, 'PW608')).fixes![0];
  assert.equal(fix.applicability, 'unsafe');
  assert.match(fix.title, /^Use hmac\.compare_digest \(changes behaviour: TypeError unless both sides are bytes, or str with ASCII only\)$/);
});

test('a new import lands in the standard-library section, after the docstring and `from __future__`, sorted', async () => {
  const source = [
    '"""Report parsing."""',
    'from __future__ import annotations',
    '',
    'import json',
    'import sys',
    '',
    'import requests',
    'from flask import request',
    '',
    'from .models import Report',
    '',
    '',
    'def parse(text):',
    '    return eval(text), json, sys, requests, request, Report',
    '',
  ].join('\n');
  const fixed = await applyFix(source, 'PW202', /literal_eval/);
  assert.equal(fixed, source.replace('import json\nimport sys\n', 'import ast\nimport json\nimport sys\n').replace('return eval(text)', 'return ast.literal_eval(text)'));
  // Only third-party imports: a standard-library section of its own, before them.
  const thirdParty = 'from flask import request\n\n\ndef view():\n    return eval(request.args["q"])\n';
  assert.equal(await applyFix(thirdParty, 'PW202', /literal_eval/), 'import ast\n\nfrom flask import request\n\n\ndef view():\n    return ast.literal_eval(request.args["q"])\n');
  // Only `from __future__`: a new section after it.
  const future = 'from __future__ import annotations\n\nvalue = eval(text)\n';
  assert.equal(await applyFix(future, 'PW202', /literal_eval/), 'from __future__ import annotations\n\nimport ast\n\nvalue = ast.literal_eval(text)\n');
});

test('a type-only import is not reported, so nothing adds a runtime dependency for it; a runtime import of an installed one gets a safe fix', async () => {
  const project = new Project(fixturePath('imports', 'webapp'));
  const text = 'from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    import jwt\n\nimport yaml\n';
  const findings = (await analyzePython(text, registry, { file: { path: 'src/webapp/app.py', isTest: false, project }, withFixes: true })).filter((f) => f.ruleId === 'PWD202');
  assert.deepEqual(findings.map((f) => text.slice(f.start, f.end)), ['yaml'], 'only the runtime import is undeclared');
  const [add] = findings[0].fixes!;
  assert.match(add.title, /^Add `PyYAML==6\.0\.1` to requirements\.txt$/);
  assert.equal(add.applicability, 'safe');
});

test('fix all: conflicting fixes (two adding `import secrets`) apply over two rounds; unsafe ones never', async () => {
  const source = [
    'import random',
    'import string',
    '',
    'import requests',
    '',
    'reset_token = "".join(random.choice(string.ascii_letters) for _ in range(32))',
    'api_key = "".join(random.choice(string.hexdigits) for _ in range(40))',
    'health = requests.get("https://example.com/health")',
    '',
  ].join('\n');
  const result = await fixAll(source, analyse);
  assert.equal(
    result.text,
    source
      .replace('import random\nimport string\n', 'import random\nimport secrets\nimport string\n')
      .replace('random.choice(string.ascii_letters)', 'secrets.choice(string.ascii_letters)')
      .replace('random.choice(string.hexdigits)', 'secrets.choice(string.hexdigits)'),
  );
  assert.equal(result.byRule.get('PW606'), 2);
  assert.ok(await parsesCleanly(result.text));
  const left = (await analyzePython(result.text, registry)).map((f) => f.ruleId);
  assert.deepEqual(left, ['PW506']);
  // Only one rule's findings, when asked.
  assert.equal((await fixAll(source, analyse, { ruleId: 'PW104' })).text, source);
});

test('compatibleFixes keeps the first of two fixes whose edits touch; differenceEdit spans only what changed', () => {
  const a = safeFix('a', { start: 0, end: 0, newText: 'import os\n' });
  const b = safeFix('b', { start: 0, end: 0, newText: 'import os\n' });
  const c = safeFix('c', { start: 10, end: 12, newText: 'x' });
  const d = unsafeFix('d', 'what changes', { start: 11, end: 14, newText: 'y' });
  assert.deepEqual(compatibleFixes([a, b, c, d]), [a, c]);
  assert.deepEqual(differenceEdit('abcdef', 'abXYef'), { start: 2, end: 4, newText: 'XY' });
  assert.equal(differenceEdit('same', 'same'), undefined);
  assert.equal(d.title, 'd (changes behaviour: what changes)');
  assert.equal(preferredFix({ fixes: [d, a] } as unknown as Finding), a);
  assert.equal(applyEdits('abc', a.edits), 'import os\nabc');
});
