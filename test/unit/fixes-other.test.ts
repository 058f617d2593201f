// The fixes and messages of the "other" rules (PW901–PW905): assert rewritten as an explicit
// raise, bidirectional control characters removed or escaped; exact text, still valid Python,
// and the finding gone afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertFix, findingsOf, onlyFinding, strict } from '../helpers';

// PW901–PW903 are in the strict profile, which the default helpers do not run.
const strictFindings = strict.findingsOf;
const onlyStrictFinding = strict.onlyFinding;
const assertStrictFix = strict.assertFix;

const RAISE = 'Raise AssertionError explicitly';
const REMOVE = 'Remove the bidirectional control characters';
/** In a string, removing them changes the value: unsafe. */
const REMOVE_FROM_STRING = `${REMOVE} (changes behaviour: the string loses those characters)`;
const ESCAPE = 'Write the bidirectional control characters as \\u escapes';
const RLO = '\u202e';
const LRI = '\u2066';
const PDI = '\u2069';

// PW901 assert

test('PW901: an assert with a message becomes if not …: raise AssertionError(message)', async () => {
  await assertStrictFix(
    'def delete(user, item):\n    assert user.is_admin, "admins only"\n    item.delete()\n',
    'PW901',
    RAISE,
    'def delete(user, item):\n    if not user.is_admin:\n        raise AssertionError("admins only")\n    item.delete()\n',
  );
});

test('PW901: a boolean condition is parenthesised, a negated one loses its not, a trailing comment stays', async () => {
  await assertStrictFix('assert a and b\n', 'PW901', RAISE, 'if not (a and b):\n    raise AssertionError\n');
  await assertStrictFix('assert not closed  # keep\n', 'PW901', RAISE, 'if closed:\n    raise AssertionError  # keep\n');
  await assertStrictFix('if x:\n\tassert y == 1, msg\n', 'PW901', RAISE, 'if x:\n\tif not y == 1:\n\t\traise AssertionError(msg)\n');
});

test('PW901: no fix when the assert shares its line; access checks are medium severity', async () => {
  const shared = await onlyStrictFinding('if ready: assert x; go()\n', 'PW901');
  assert.deepEqual(shared.fixes, []);
  const access = await onlyStrictFinding('assert request.user.has_perm("delete")\n', 'PW901');
  assert.equal(access.severity, 'medium');
  assert.match(access.message, /reads like an access check/);
  const plain = await onlyStrictFinding('assert count > 0\n', 'PW901');
  assert.equal(plain.severity, 'low');
  const author = await onlyStrictFinding('assert author_id\n', 'PW901');
  assert.equal(author.severity, 'low', 'author is not auth');
});

// PW902 / PW903

test('PW902 and PW903: broad handlers are reported, specific ones are not', async () => {
  const source =
    'for x in xs:\n' +
    '    try:\n        f(x)\n    except Exception:\n        pass\n' +
    '    try:\n        f(x)\n    except KeyError:\n        pass\n' +
    '    try:\n        f(x)\n    except (ValueError, BaseException):\n        continue\n' +
    '    try:\n        f(x)\n    except:\n        ...\n';
  const found = await strictFindings(source, 'PW902', 'PW903');
  assert.deepEqual(found.map((f) => f.ruleId), ['PW902', 'PW903', 'PW902']);
  assert.match(found[0].message, /^`except Exception: pass` hides every `Exception`/);
  assert.match(found[1].message, /^`except \(ValueError, BaseException\): continue`/);
});

// PW904 Trojan Source

test('PW904: control characters in a comment are removed (preferred)', async () => {
  const finding = await onlyFinding(`x = 1  # admin ${RLO}only${LRI}\n`, 'PW904');
  assert.deepEqual(finding.fixes?.map((fix) => [fix.title, fix.preferred]), [[REMOVE, true]]);
  assert.match(finding.message, /U\+202E, U\+2066 in this comment/);
  await assertFix(`x = 1  # admin ${RLO}only${LRI}\n`, 'PW904', REMOVE, 'x = 1  # admin only\n');
});

test('PW904: in a string they are written as escapes (preferred: the same string), or removed', async () => {
  const source = `if level != "user${RLO} ${LRI}# admin${PDI} ${LRI}":\n    grant()\n`;
  const finding = await onlyFinding(source, 'PW904');
  assert.deepEqual(finding.fixes?.map((fix) => [fix.title, fix.preferred]), [[ESCAPE, true], [REMOVE_FROM_STRING, false]]);
  await assertFix(source, 'PW904', ESCAPE, 'if level != "user\\u202e \\u2066# admin\\u2069 \\u2066":\n    grant()\n');
  await assertFix(source, 'PW904', REMOVE, 'if level != "user # admin ":\n    grant()\n');
});

test('PW904: raw strings are only offered removal; f-string text is escaped outside the braces', async () => {
  const raw = await onlyFinding(`p = r"a${RLO}b"\n`, 'PW904');
  assert.deepEqual(raw.fixes?.map((fix) => fix.title), [REMOVE_FROM_STRING]);
  await assertFix(`s = f"{name}: ${LRI}hi${PDI}"\n`, 'PW904', ESCAPE, 's = f"{name}: \\u2066hi\\u2069"\n');
});

test('PW904: one finding per comment or string, none for escapes or right-to-left text', async () => {
  const source = `# ${RLO}a${RLO}b\ns = "\\u202e"\nt = "שלום"\n`;
  assert.equal((await findingsOf(source, 'PW904')).length, 1);
});

// PW905

test('PW905: logging.config.listen without verify, with verify=None, and with a verify function', async () => {
  const source = 'import logging.config\nlogging.config.listen(9030)\nlogging.config.listen(9030, verify=None)\nlogging.config.listen(9030, verify=check)\n';
  const found = await findingsOf(source, 'PW905');
  assert.equal(found.length, 2);
  assert.match(found[0].message, /^`logging\.config\.listen` without `verify`/);
  assert.match(found[1].message, /^`logging\.config\.listen` with `verify=None`/);
});
