// The fixes of the cryptography rules (PW601–PW608): exact text, still valid Python, and the
// finding gone afterwards. Where a rewrite would change more than it says, no fix is offered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePython } from '../../server/src/engine/index';
import { assertFix, findingsOf, onlyFinding, registry, strictRegistry, docsOf } from '../helpers';

const titles = (finding: { fixes?: { title: string; preferred?: boolean }[] }) => finding.fixes?.map((fix) => [fix.title, fix.preferred]);

// PW601 broken hashes from crypto libraries

test('PW601: hashes.MD5() becomes hashes.SHA256()', async () => {
  await assertFix(
    'from cryptography.hazmat.primitives import hashes\n\ndigest = hashes.Hash(hashes.MD5())\n',
    'PW601',
    'Use SHA-256',
    'from cryptography.hazmat.primitives import hashes\n\ndigest = hashes.Hash(hashes.SHA256())\n',
  );
});

test('PW601: an imported SHA1 class gets SHA256 imported next to it', async () => {
  await assertFix(
    'from cryptography.hazmat.primitives.hashes import SHA1, Hash\n\ndigest = Hash(SHA1())\n',
    'PW601',
    'Use SHA-256',
    'from cryptography.hazmat.primitives.hashes import SHA256, Hash\n\ndigest = Hash(SHA256())\n',
  );
});

test('PW601: PyCryptodome modules: from-imports are extended, dotted paths import the submodule', async () => {
  await assertFix(
    'from Crypto.Hash import MD5\n\nh = MD5.new(data)\n',
    'PW601',
    'Use SHA-256',
    'from Crypto.Hash import SHA256\n\nh = SHA256.new(data)\n',
  );
  // `import Crypto.Hash.SHA` does not import Crypto.Hash.SHA256: the fix does.
  await assertFix(
    'import Crypto.Hash.SHA\n\nh = Crypto.Hash.SHA.new(data)\n',
    'PW601',
    'Use SHA-256',
    'import Crypto.Hash.SHA\nimport Crypto.Hash.SHA256\n\nh = Crypto.Hash.SHA256.new(data)\n',
  );
});

test('PW601: HMAC, KDFs, OAEP and TOTP with SHA-1 are low severity, without a fix', async () => {
  const source =
    'from cryptography.hazmat.primitives import hashes, hmac\n' +
    'from cryptography.hazmat.primitives.twofactor.totp import TOTP\n' +
    'mac = hmac.HMAC(key, hashes.SHA1())\n' +
    'otp = TOTP(secret, 6, hashes.SHA1(), 30)\n';
  const findings = await findingsOf(source, 'PW601');
  assert.equal(findings.length, 2);
  for (const finding of findings) {
    assert.equal(finding.severity, 'low');
    assert.deepEqual(finding.fixes, []);
  }
  assert.match(findings[1].message, /in TOTP is not broken today/);
  assert.match(docsOf('PW601'), /HMAC, key derivation, OAEP and TOTP do not rely on collision resistance/);
});

// PW602 hashlib

test('PW602: hashlib.md5 becomes hashlib.sha256, keeping the module alias', async () => {
  await assertFix('import hashlib\n\nh = hashlib.md5(data).hexdigest()\n', 'PW602', 'Use hashlib.sha256', 'import hashlib\n\nh = hashlib.sha256(data).hexdigest()\n');
  await assertFix('import hashlib as hl\n\nh = hl.sha1(data)\n', 'PW602', 'Use hashlib.sha256', 'import hashlib as hl\n\nh = hl.sha256(data)\n');
});

test('PW602: `from hashlib import md5` used only there becomes `from hashlib import sha256` (no unused import left)', async () => {
  await assertFix(
    'from hashlib import md5\n\ndef sign(secret, body):\n    return md5(secret + body).hexdigest()\n',
    'PW602',
    'Use hashlib.sha256',
    'from hashlib import sha256\n\ndef sign(secret, body):\n    return sha256(secret + body).hexdigest()\n',
  );
  await assertFix(
    'from hashlib import (\n    md5 as digest,\n)\n\nh = digest(body)\n',
    'PW602',
    'Use hashlib.sha256',
    'from hashlib import (\n    sha256,\n)\n\nh = sha256(body)\n',
  );
});

test('PW602: md5 still used elsewhere keeps its import; sha256 joins it at its sorted place', async () => {
  await assertFix(
    'from hashlib import md5\n\ndef sign(secret, body):\n    return md5(secret + body).hexdigest()  # pyward: ignore[PW602]\n\ndef etag(body):\n    return md5(body)\n',
    'PW602',
    'Use hashlib.sha256',
    'from hashlib import md5, sha256\n\ndef sign(secret, body):\n    return md5(secret + body).hexdigest()  # pyward: ignore[PW602]\n\ndef etag(body):\n    return sha256(body)\n',
  );
  await assertFix(
    'from hashlib import (\n    md5 as digest,\n)\n\nh = digest(body)\nprint(digest)\n',
    'PW602',
    'Use hashlib.sha256',
    'from hashlib import (\n    md5 as digest,\n    sha256,\n)\n\nh = sha256(body)\nprint(digest)\n',
  );
});

test('PW602: when sha256 names something else, the module is imported instead', async () => {
  await assertFix(
    'from hashlib import md5\n\ndef check(sha256, body):\n    return md5(body) == sha256\n',
    'PW602',
    'Use hashlib.sha256',
    'import hashlib\n\ndef check(sha256, body):\n    return hashlib.sha256(body) == sha256\n',
  );
});

test('PW602: hashlib.new("MD5") gets the algorithm string replaced, keeping the quotes', async () => {
  await assertFix("import hashlib\n\nh = hashlib.new('MD5', data)\n", 'PW602', 'Use hashlib.sha256', "import hashlib\n\nh = hashlib.new('sha256', data)\n");
});

test('PW602: usedforsecurity=False is added, or replaces usedforsecurity=True', async () => {
  await assertFix(
    'import hashlib\n\netag = hashlib.md5(body).hexdigest()\n',
    'PW602',
    'Mark as not for security (usedforsecurity=False)',
    'import hashlib\n\netag = hashlib.md5(body, usedforsecurity=False).hexdigest()\n',
  );
  await assertFix(
    'import hashlib\n\nh = hashlib.new(\n    "sha1",\n    body,\n    usedforsecurity=True,\n)\n',
    'PW602',
    'Mark as not for security (usedforsecurity=False)',
    'import hashlib\n\nh = hashlib.new(\n    "sha1",\n    body,\n    usedforsecurity=False,\n)\n',
  );
  await assertFix(
    'import hashlib\n\nh = hashlib.sha1(\n    body,\n    data,\n)\n',
    'PW602',
    'Mark as not for security (usedforsecurity=False)',
    'import hashlib\n\nh = hashlib.sha1(\n    body,\n    data,\n    usedforsecurity=False,\n)\n',
  );
});

test('PW602: sha256 is unsafe (stored digests stop matching); the marker is safe but preferred only for a non-security digest', async () => {
  const security = await onlyFinding('import hashlib\nsignature = hashlib.md5(key + body).hexdigest()\n', 'PW602');
  assert.equal(security.severity, 'high');
  assert.deepEqual(titles(security), [
    ['Use hashlib.sha256 (changes behaviour: digests differ, so stored or exchanged ones stop matching)', false],
    ['Mark as not for security (usedforsecurity=False)', false],
  ]);
  assert.deepEqual(security.fixes?.map((fix) => fix.applicability), ['unsafe', 'safe']);
  const cache = await onlyFinding('import hashlib\ndef cache_key(url):\n    return hashlib.md5(url.encode()).hexdigest()\n', 'PW602');
  assert.deepEqual(titles(cache), [
    ['Use hashlib.sha256 (changes behaviour: digests differ, so stored or exchanged ones stop matching)', false],
    ['Mark as not for security (usedforsecurity=False)', true],
  ]);
  assert.equal(cache.severity, 'low');
  assert.equal(cache.confidence, 'low');
  assert.match(cache.message, /`cache_key`, which looks like a non-security use/);
  const etag = await onlyFinding('import hashlib\nresponse.headers["ETag"] = hashlib.sha1(body).hexdigest()\n', 'PW602');
  assert.equal(etag.severity, 'low');
});

test('PW602: usedforsecurity is not offered to projects that support Python before 3.9', async () => {
  const source = 'import hashlib\netag = hashlib.md5(body).hexdigest()\n';
  const old = await analyzePython(source, registry, { withFixes: true, file: { isTest: false, minimumPython: [3, 8] } });
  const finding = old.find((f) => f.ruleId === 'PW602')!;
  assert.deepEqual(titles(finding), [['Use hashlib.sha256 (changes behaviour: digests differ, so stored or exchanged ones stop matching)', false]]);
  assert.match(finding.message, /Python 3\.9\+/);
  const recent = await analyzePython(source, registry, { withFixes: true, file: { isTest: false, minimumPython: [3, 9] } });
  assert.equal(recent.find((f) => f.ruleId === 'PW602')!.fixes?.length, 2);
});

test('PW602: an algorithm chosen through a constant is reported, but only marked, not rewritten', async () => {
  const finding = await onlyFinding('import hashlib\nALGORITHM = "md5"\nh = hashlib.new(ALGORITHM, data)\n', 'PW602');
  assert.deepEqual(titles(finding), [['Mark as not for security (usedforsecurity=False)', false]]);
});

// PW603 / PW604: no rewrite

test('PW603 and PW604 offer no fix: keys, nonces and ciphertexts would change', async () => {
  const source = 'from Crypto.Cipher import DES\ncipher = DES.new(key, DES.MODE_ECB)\n';
  const [cipher, mode] = [await onlyFinding(source, 'PW603'), await onlyFinding(source, 'PW604')];
  assert.deepEqual(cipher.fixes, []);
  assert.deepEqual(mode.fixes, []);
  assert.match(mode.message, /use GCM with a fresh nonce/);
  assert.match(docsOf('PW603'), /No automatic fix: switching the cipher changes keys and ciphertexts/);
  assert.match(docsOf('PW604'), /No automatic fix: the replacement needs a nonce/);
});

// PW605 key sizes

test('PW605: a literal key size becomes 2048; a curve becomes SECP256R1 or P-256', async () => {
  await assertFix(
    'from cryptography.hazmat.primitives.asymmetric import rsa\n\nkey = rsa.generate_private_key(public_exponent=65537, key_size=1024)\n',
    'PW605',
    'Use a 2048-bit key',
    'from cryptography.hazmat.primitives.asymmetric import rsa\n\nkey = rsa.generate_private_key(public_exponent=65537, key_size=2048)\n',
  );
  await assertFix(
    'from cryptography.hazmat.primitives.asymmetric.ec import SECP192R1, generate_private_key\n\nkey = generate_private_key(SECP192R1())\n',
    'PW605',
    'Use the SECP256R1 curve',
    'from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, generate_private_key\n\nkey = generate_private_key(SECP256R1())\n',
  );
  await assertFix("from Crypto.PublicKey import ECC\n\nkey = ECC.generate(curve='P-192')\n", 'PW605', 'Use the P-256 curve', "from Crypto.PublicKey import ECC\n\nkey = ECC.generate(curve='P-256')\n");
});

test('PW605: severity follows Bandit: high under 1024 bits, medium under 2048; a constant is not rewritten', async () => {
  const tiny = await onlyFinding('from Crypto.PublicKey import RSA\nkey = RSA.generate(512)\n', 'PW605');
  assert.equal(tiny.severity, 'high');
  const constant = await onlyFinding('from Crypto.PublicKey import RSA\nBITS = 1024\nkey = RSA.generate(BITS)\n', 'PW605');
  assert.equal(constant.severity, 'medium');
  assert.deepEqual(constant.fixes, []);
});

// PW606 random values used as secrets

test('PW606: random.choice becomes secrets.choice, importing secrets', async () => {
  await assertFix(
    'import random\nimport string\n\nreset_token = "".join(random.choice(string.ascii_letters) for _ in range(32))\n',
    'PW606',
    'Use secrets.choice',
    'import random\nimport secrets\nimport string\n\nreset_token = "".join(secrets.choice(string.ascii_letters) for _ in range(32))\n',
  );
  await assertFix(
    'from random import choice\nimport secrets\n\ndef make_password(chars):\n    return "".join(choice(chars) for _ in range(16))\n',
    'PW606',
    'Use secrets.choice',
    'from random import choice\nimport secrets\n\ndef make_password(chars):\n    return "".join(secrets.choice(chars) for _ in range(16))\n',
  );
});

test('PW606: randint(a, b) becomes randbelow(b - a + 1) + a, folding literals', async () => {
  await assertFix('import random\n\notp = random.randint(100000, 999999)\n', 'PW606', 'Use secrets.randbelow', 'import random\nimport secrets\n\notp = secrets.randbelow(900000) + 100000\n');
  await assertFix('import random\n\npin = random.randint(0, limit)\n', 'PW606', 'Use secrets.randbelow', 'import random\nimport secrets\n\npin = secrets.randbelow(limit + 1)\n');
  await assertFix('import random\n\npin = random.randint(1, limit)\n', 'PW606', 'Use secrets.randbelow', 'import random\nimport secrets\n\npin = secrets.randbelow(limit) + 1\n');
  await assertFix(
    'import random\n\nverification_code = random.randint(self.low, high)\n',
    'PW606',
    'Use secrets.randbelow',
    'import random\nimport secrets\n\nverification_code = secrets.randbelow(high - self.low + 1) + self.low\n',
  );
  await assertFix(
    'import random\n\nsession_key = random.randint(1, 6) * 2\n',
    'PW606',
    'Use secrets.randbelow',
    'import random\nimport secrets\n\nsession_key = (secrets.randbelow(6) + 1) * 2\n',
  );
});

test('PW606: randrange, getrandbits and randbytes map one to one', async () => {
  await assertFix('import random\n\npin = random.randrange(10000)\n', 'PW606', 'Use secrets.randbelow', 'import random\nimport secrets\n\npin = secrets.randbelow(10000)\n');
  await assertFix('import random\n\npin = random.randrange(1000, 10000)\n', 'PW606', 'Use secrets.randbelow', 'import random\nimport secrets\n\npin = secrets.randbelow(9000) + 1000\n');
  await assertFix('import random\n\nuser.api_key = random.getrandbits(128)\n', 'PW606', 'Use secrets.randbits', 'import random\nimport secrets\n\nuser.api_key = secrets.randbits(128)\n');
  await assertFix('import random\n\nnonce = random.randbytes(12)\n', 'PW606', 'Use secrets.token_bytes', 'import random\nimport secrets\n\nnonce = secrets.token_bytes(12)\n');
});

test('PW606: random() has no secrets equivalent: SystemRandom is used instead', async () => {
  const source = 'import random\n\nsession = {"csrf_token": str(random.random())}\n';
  const finding = await onlyFinding(source, 'PW606');
  assert.match(finding.message, /use `random\.SystemRandom\(\)\.random`/);
  await assertFix(source, 'PW606', 'Use random.SystemRandom()', 'import random\n\nsession = {"csrf_token": str(random.SystemRandom().random())}\n');
});

test('PW606: exact rewrites are preferred; none is offered when secrets is shadowed or the low bound has effects', async () => {
  const exact = await onlyFinding('import random\ntoken = random.choice(words)\n', 'PW606');
  assert.deepEqual(titles(exact), [['Use secrets.choice', true]]);
  const shadowed = await onlyFinding('import random\ndef f(secrets):\n    token = random.choice(secrets)\n    return token\n', 'PW606');
  assert.deepEqual(shadowed.fixes, []);
  const effects = await onlyFinding('import random\notp = random.randint(start(), 10)\n', 'PW606');
  assert.deepEqual(effects.fixes, []);
});

test('PW606 and PW607 never report the same call (strict profile)', async () => {
  const source = 'import random\nreset_token = random.choice(chars)\ndelay = random.uniform(0, 1)\n';
  const ids = (await analyzePython(source, strictRegistry)).map((f) => f.ruleId).filter((id) => id === 'PW606' || id === 'PW607');
  assert.deepEqual(ids, ['PW606', 'PW607']);
});

// PW608 timing-unsafe comparisons

test('PW608: == becomes hmac.compare_digest, != its negation, importing hmac', async () => {
  await assertFix(
    'def check(request, expected_signature):\n    if request.headers["X-Signature"] != expected_signature:\n        raise PermissionError()\n',
    'PW608',
    'Use hmac.compare_digest',
    'import hmac\ndef check(request, expected_signature):\n    if not hmac.compare_digest(request.headers["X-Signature"], expected_signature):\n        raise PermissionError()\n',
  );
  await assertFix(
    'from hmac import compare_digest\n\nok = api_key == settings.API_KEY\n',
    'PW608',
    'Use hmac.compare_digest',
    'from hmac import compare_digest\n\nok = compare_digest(api_key, settings.API_KEY)\n',
  );
});

test('PW608: when a local named hmac hides the module, secrets.compare_digest is used', async () => {
  await assertFix(
    'import secrets\n\ndef verify(hmac, signature):\n    return hmac == signature\n',
    'PW608',
    'Use secrets.compare_digest',
    'import secrets\n\ndef verify(hmac, signature):\n    return secrets.compare_digest(hmac, signature)\n',
  );
});

test('PW608: operator.eq is rewritten too', async () => {
  await assertFix(
    'import hmac\nimport operator\n\nok = operator.eq(user.password_hash, digest)\n',
    'PW608',
    'Use hmac.compare_digest',
    'import hmac\nimport operator\n\nok = hmac.compare_digest(user.password_hash, digest)\n',
  );
});

test('PW608: a bare token, mac or digest needs the other side to look secret too', async () => {
  assert.deepEqual(await findingsOf('def same(token, Keyword):\n    return token == Keyword\n', 'PW608'), []);
  assert.deepEqual(await findingsOf('import hashlib\nok = hashlib.sha256(blob).hexdigest() == expected\n', 'PW608'), []);
  const pair = await onlyFinding('def same(token, user):\n    return token == user.token\n', 'PW608');
  assert.equal(pair.confidence, 'low');
  const named = await onlyFinding('def same(reset_token, user):\n    return reset_token == user.reset_token\n', 'PW608');
  assert.equal(named.confidence, 'medium');
  assert.match(named.message, /use `hmac\.compare_digest`/);
  assert.match(docsOf('PW608'), /both arguments must be `str` \(ASCII only\) or both bytes-like/);
  // A digest computed with HMAC is a secret whatever it is called.
  const keyed = await onlyFinding('import hmac\ndef check(key, msg, response):\n    digest = hmac.new(key, msg, "sha256").digest()\n    return response == digest\n', 'PW608');
  assert.equal(keyed.confidence, 'medium');
});
