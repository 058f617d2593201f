// Suppression comments: ours, Bandit's and Ruff's, only where they really are comments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, findingKeys } from '../helpers';

async function reportedLines(body: string): Promise<string[]> {
  const text = `import yaml\n${body}`;
  return findingKeys(text, await analyze(text));
}

test('our own comment, with and without a rule list', async () => {
  assert.deepEqual(await reportedLines('yaml.load(a)  # pyward: ignore[PW104]\n'), []);
  assert.deepEqual(await reportedLines('yaml.load(a)  # pyward: ignore[PW101, PW104]\n'), ['2:PW001'], 'PW104 is suppressed; PW101 is reported unused');
  assert.deepEqual(await reportedLines('yaml.load(a)  # pyward: ignore\n'), []);
  assert.deepEqual(await reportedLines('yaml.load(a)  # pyward: ignore[PW101]\n'), ['2:PW001', '2:PW104'], 'the wrong code suppresses nothing');
});

test("Bandit's nosec and Ruff's noqa, by their own codes", async () => {
  assert.deepEqual(await reportedLines('yaml.load(a)  # nosec\n'), []);
  assert.deepEqual(await reportedLines('yaml.load(a)  # nosec B506\n'), []);
  assert.deepEqual(await reportedLines('yaml.load(a)  # nosec: B301\n'), ['2:PW104']);
  assert.deepEqual(await reportedLines('yaml.load(a)  # noqa\n'), []);
  assert.deepEqual(await reportedLines('yaml.load(a)  # noqa: S506\n'), []);
  assert.deepEqual(await reportedLines('yaml.load(a)  # noqa: E501\n'), ['2:PW104']);
  assert.deepEqual(await reportedLines('yaml.load(a)  # type: ignore  # noqa: S506\n'), []);
});

test("Bandit's nosec by a check's name, as Bandit reads it", async () => {
  const md5 = 'import hashlib\n';
  assert.deepEqual(await reportedLines('yaml.load(a)  # nosec: yaml_load\n'), []);
  assert.deepEqual(await reportedLines('yaml.load(a)  # nosec md5\n'), ['2:PW104'], 'a name of another check suppresses only that check');
  const hashes = 'from cryptography.hazmat.primitives import hashes\n';
  assert.deepEqual(await reportedLines(`${hashes}hashes.Hash(hashes.MD5())  # nosec: md5\n`), []);
  assert.deepEqual(await reportedLines(`${hashes}hashes.Hash(hashes.MD5())\n`), ['3:PW601']);
  assert.deepEqual(await reportedLines(`${md5}hashlib.md5(a).hexdigest()  # nosec: hashlib_insecure_functions\n`), []);
  // Words that name no check are ignored: what is left is a plain nosec.
  assert.deepEqual(await reportedLines('yaml.load(a)  # nosec trusted input from our own CI\n'), []);
});

test('text that only looks like a suppression inside a string does not suppress', async () => {
  assert.deepEqual(await reportedLines('yaml.load("# nosec")\n'), ['2:PW104']);
});

test('a multi-line call is suppressed from its first or its last line, not the middle', async () => {
  assert.deepEqual(await reportedLines('yaml.load(  # nosec\n    a,\n)\n'), []);
  assert.deepEqual(await reportedLines('yaml.load(\n    a,\n)  # nosec\n'), []);
  assert.deepEqual(await reportedLines('yaml.load(\n    a,  # nosec\n    b,\n)\n'), ['2:PW104']);
});

test('a lone CR ends a line, as in Python: a comment suppresses only its own line', async () => {
  const text = 'import yaml\ryaml.load(a)  # nosec\ryaml.load(b)\r';
  const findings = (await analyze(text)).filter((f) => f.ruleId === 'PW104');
  assert.deepEqual(findings.map((f) => text.slice(f.start, f.end)), ['yaml.load(b)']);
});
