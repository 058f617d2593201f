// The fixes of the transport rules (PW501–PW506): exact text, still valid Python, and the
// finding gone afterwards. Where a rewrite would not be clearly right, no fix is offered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, assertFix, onlyFinding } from '../helpers';

async function findings(source: string, ruleId: string) {
  return (await analyze(source)).filter((finding) => finding.ruleId === ruleId);
}

// PW501 verify=False

test('PW501: removes verify=False at the end of the arguments', async () => {
  await assertFix(
    'import requests\n\nr = requests.get(url, timeout=10, verify=False)\n',
    'PW501',
    'Remove verify=False',
    'import requests\n\nr = requests.get(url, timeout=10)\n',
  );
});

test('PW501: removes verify=False in the middle of the arguments', async () => {
  await assertFix(
    'import requests as rq\n\nrq.post(url, verify=False, json=body, timeout=10)\n',
    'PW501',
    'Remove verify=False',
    'import requests as rq\n\nrq.post(url, json=body, timeout=10)\n',
  );
});

test('PW501: a multi-line call with a trailing comma keeps its layout', async () => {
  await assertFix(
    'from requests import post\n\npost(\n    url,\n    verify=False,\n    timeout=10,\n)\n',
    'PW501',
    'Remove verify=False',
    'from requests import post\n\npost(\n    url,\n    timeout=10,\n)\n',
  );
});

test('PW501: the only argument of httpx.Client', async () => {
  await assertFix('import httpx\n\nclient = httpx.Client(verify=False)\n', 'PW501', 'Remove verify=False', 'import httpx\n\nclient = httpx.Client()\n');
});

test('PW501: removing verify=False is preferred; a receiver of unknown type is medium confidence', async () => {
  const known = await onlyFinding('import requests\nrequests.get(url, verify=False, timeout=5)\n', 'PW501');
  assert.equal(known.confidence, 'high');
  assert.deepEqual(known.fixes?.map((fix) => [fix.title, fix.preferred]), [['Remove verify=False (changes behaviour: servers with self-signed or private-CA certificates are refused)', false]]);
  const session = await onlyFinding('def fetch(session, url):\n    return session.get(url, verify=False)\n', 'PW501');
  assert.equal(session.confidence, 'medium');
  assert.match(session.message, /^`verify=False` accepts any TLS certificate/);
});

test('PW501: merge_environment_settings needs its verify argument, so it is set to True', async () => {
  await assertFix(
    'settings = session.merge_environment_settings(url, {}, None, verify=False, cert=None)\n',
    'PW501',
    'Use verify=True',
    'settings = session.merge_environment_settings(url, {}, None, verify=True, cert=None)\n',
  );
});

test('PW501: verify=True, a CA bundle and unrelated functions are not reported', async () => {
  const source =
    'import requests\n' +
    'requests.get(url, verify=True, timeout=5)\n' +
    'requests.get(url, verify="/etc/ssl/ca.pem", timeout=5)\n' +
    'check(url, verify=False)\n';
  assert.deepEqual(await findings(source, 'PW501'), []);
});

// PW502 ssl._create_unverified_context

test('PW502: the call becomes ssl.create_default_context()', async () => {
  await assertFix(
    'import ssl\n\nctx = ssl._create_unverified_context()\n',
    'PW502',
    'Use ssl.create_default_context()',
    'import ssl\n\nctx = ssl.create_default_context()\n',
  );
});

test('PW502: the module alias and CA keywords are kept', async () => {
  await assertFix(
    'import ssl as tls\n\nctx = tls._create_unverified_context(\n    cafile="/etc/ssl/ca.pem",\n)\n',
    'PW502',
    'Use ssl.create_default_context()',
    'import ssl as tls\n\nctx = tls.create_default_context(\n    cafile="/etc/ssl/ca.pem",\n)\n',
  );
});

test('PW502: a function imported by name is replaced through an import of ssl', async () => {
  await assertFix(
    'from ssl import _create_unverified_context\n\nctx = _create_unverified_context()\n',
    'PW502',
    'Use ssl.create_default_context()',
    'import ssl\nfrom ssl import _create_unverified_context\n\nctx = ssl.create_default_context()\n',
  );
});

test('PW502: the process-wide default is restored', async () => {
  await assertFix(
    'import ssl\n\nssl._create_default_https_context = ssl._create_unverified_context\n',
    'PW502',
    'Use ssl.create_default_context',
    'import ssl\n\nssl._create_default_https_context = ssl.create_default_context\n',
  );
});

test('PW502: arguments create_default_context does not take block the rewrite', async () => {
  for (const call of ['ssl._create_unverified_context(ssl.PROTOCOL_TLS_CLIENT)', 'ssl._create_unverified_context(cert_reqs=ssl.CERT_REQUIRED)']) {
    const finding = await onlyFinding(`import ssl\nctx = ${call}\n`, 'PW502');
    assert.deepEqual(finding.fixes, [], call);
  }
});

// PW503 CERT_NONE and check_hostname = False

test('PW503: ssl.CERT_NONE becomes ssl.CERT_REQUIRED', async () => {
  await assertFix(
    'import ssl\n\nctx.verify_mode = ssl.CERT_NONE\n',
    'PW503',
    'Use ssl.CERT_REQUIRED',
    'import ssl\n\nctx.verify_mode = ssl.CERT_REQUIRED\n',
  );
});

test('PW503: an aliased module keeps its alias, in a keyword argument', async () => {
  await assertFix(
    'import ssl as s\nimport urllib3\n\npool = urllib3.PoolManager(\n    cert_reqs=s.CERT_NONE,\n    retries=3,\n)\n',
    'PW503',
    'Use ssl.CERT_REQUIRED',
    'import ssl as s\nimport urllib3\n\npool = urllib3.PoolManager(\n    cert_reqs=s.CERT_REQUIRED,\n    retries=3,\n)\n',
  );
});

test('PW503: a bare CERT_NONE uses the imported CERT_REQUIRED, or imports ssl', async () => {
  await assertFix(
    'from ssl import CERT_NONE, CERT_REQUIRED\n\nctx.verify_mode = CERT_NONE\n',
    'PW503',
    'Use ssl.CERT_REQUIRED',
    'from ssl import CERT_NONE, CERT_REQUIRED\n\nctx.verify_mode = CERT_REQUIRED\n',
  );
  await assertFix(
    'from ssl import CERT_NONE\n\nctx.verify_mode = CERT_NONE\n',
    'PW503',
    'Use ssl.CERT_REQUIRED',
    'import ssl\nfrom ssl import CERT_NONE\n\nctx.verify_mode = ssl.CERT_REQUIRED\n',
  );
});

test('PW503: check_hostname = False becomes True', async () => {
  await assertFix(
    'import ssl\n\nctx = ssl.create_default_context()\nctx.check_hostname = False\n',
    'PW503',
    'Set check_hostname = True',
    'import ssl\n\nctx = ssl.create_default_context()\nctx.check_hostname = True\n',
  );
});

test('PW503: urllib3 string cert_reqs', async () => {
  await assertFix(
    "import urllib3\n\nhttp = urllib3.PoolManager(cert_reqs='CERT_NONE')\n",
    'PW503',
    'Use CERT_REQUIRED',
    "import urllib3\n\nhttp = urllib3.PoolManager(cert_reqs='CERT_REQUIRED')\n",
  );
});

test('PW503: comparisons and reading check_hostname are not reported', async () => {
  const source =
    'import ssl\n' +
    'if ctx.verify_mode == ssl.CERT_NONE:\n    raise ValueError\n' +
    'strict = ctx.check_hostname\n' +
    'ctx.check_hostname = settings.strict\n';
  assert.deepEqual(await findings(source, 'PW503'), []);
});

// PW504 broken protocol versions

test('PW504: a client context pinned to TLS 1.0 becomes PROTOCOL_TLS_CLIENT', async () => {
  await assertFix(
    'import ssl\n\n\ndef connect(sock, host):\n    ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\n    ctx.load_default_certs()\n    return ctx.wrap_socket(sock, server_hostname=host)\n',
    'PW504',
    'Use ssl.PROTOCOL_TLS_CLIENT',
    'import ssl\n\n\ndef connect(sock, host):\n    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)\n    ctx.load_default_certs()\n    return ctx.wrap_socket(sock, server_hostname=host)\n',
  );
});

test('PW504: a bare protocol name imported from ssl', async () => {
  await assertFix(
    'import ssl\nfrom ssl import PROTOCOL_TLSv1_1, SSLContext\n\n\ndef connect(sock, host):\n    ctx = SSLContext(PROTOCOL_TLSv1_1)\n    return ctx.wrap_socket(sock, server_hostname=host)\n',
    'PW504',
    'Use ssl.PROTOCOL_TLS_CLIENT',
    'import ssl\nfrom ssl import PROTOCOL_TLSv1_1, SSLContext\n\n\ndef connect(sock, host):\n    ctx = SSLContext(ssl.PROTOCOL_TLS_CLIENT)\n    return ctx.wrap_socket(sock, server_hostname=host)\n',
  );
});

test('PW504: a TLS 1.0 minimum version becomes TLS 1.2', async () => {
  await assertFix(
    'import ssl\n\nctx = ssl.create_default_context()\nctx.minimum_version = ssl.TLSVersion.TLSv1\n',
    'PW504',
    'Require TLS 1.2 or later',
    'import ssl\n\nctx = ssl.create_default_context()\nctx.minimum_version = ssl.TLSVersion.TLSv1_2\n',
  );
});

test('PW504: no rewrite when the context is not clearly a client one, and the hover says so', async () => {
  const sources = [
    'import ssl\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\n',
    'import ssl\ndef serve(sock):\n    ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\n    return ctx.wrap_socket(sock, server_side=True, server_hostname="x")\n',
    'import ssl\nPROTOCOLS = [ssl.PROTOCOL_SSLv3]\n',
  ];
  for (const source of sources) {
    const finding = await onlyFinding(source, 'PW504');
    assert.match(finding.message, /use `ssl\.create_default_context\(\)` or TLS 1\.2\+/, source);
    assert.match(finding.details ?? '', /^No automatic rewrite: this is not clearly a client context/, source);
    assert.deepEqual(finding.fixes, [], source);
  }
});

test('PW504: ssl.wrap_socket is reported with medium severity and no rewrite', async () => {
  const finding = await onlyFinding('import ssl\ntls = ssl.wrap_socket(sock)\n', 'PW504');
  assert.equal(finding.severity, 'medium');
  assert.deepEqual(finding.fixes, []);
});

// PW505 paramiko AutoAddPolicy / WarningPolicy

test('PW505: AutoAddPolicy becomes RejectPolicy', async () => {
  await assertFix(
    'import paramiko\n\nclient = paramiko.SSHClient()\nclient.set_missing_host_key_policy(paramiko.AutoAddPolicy())\n',
    'PW505',
    'Use RejectPolicy',
    'import paramiko\n\nclient = paramiko.SSHClient()\nclient.set_missing_host_key_policy(paramiko.RejectPolicy())\n',
  );
});

test('PW505: only the last name changes in an aliased spelling', async () => {
  await assertFix(
    'import paramiko as pm\n\nclient.set_missing_host_key_policy(\n    pm.client.WarningPolicy,\n)\n',
    'PW505',
    'Use RejectPolicy',
    'import paramiko as pm\n\nclient.set_missing_host_key_policy(\n    pm.client.RejectPolicy,\n)\n',
  );
});

test('PW505: a policy imported by name uses an imported RejectPolicy, or imports paramiko', async () => {
  await assertFix(
    'from paramiko import AutoAddPolicy, RejectPolicy\n\nclient.set_missing_host_key_policy(AutoAddPolicy())\n',
    'PW505',
    'Use RejectPolicy',
    'from paramiko import AutoAddPolicy, RejectPolicy\n\nclient.set_missing_host_key_policy(RejectPolicy())\n',
  );
  await assertFix(
    'from paramiko import AutoAddPolicy\n\nclient.set_missing_host_key_policy(AutoAddPolicy())\n',
    'PW505',
    'Use RejectPolicy',
    'import paramiko\nfrom paramiko import AutoAddPolicy\n\nclient.set_missing_host_key_policy(paramiko.RejectPolicy())\n',
  );
});

test('PW505: high confidence as the argument of set_missing_host_key_policy, medium elsewhere', async () => {
  const argument = await onlyFinding('import paramiko\nc.set_missing_host_key_policy(paramiko.AutoAddPolicy())\n', 'PW505');
  assert.equal(argument.confidence, 'high');
  const elsewhere = await onlyFinding('import paramiko\nPOLICY = paramiko.WarningPolicy\n', 'PW505');
  assert.equal(elsewhere.confidence, 'medium');
});

// PW506 requests without timeout

test('PW506: adds timeout=10 to a one-line call', async () => {
  await assertFix(
    'import requests\n\nr = requests.get(url, params=query)\n',
    'PW506',
    'Add timeout=10 (seconds)',
    'import requests\n\nr = requests.get(url, params=query, timeout=10)\n',
  );
});

test('PW506: a multi-line call with a trailing comma keeps its layout', async () => {
  await assertFix(
    'import requests\n\nr = requests.post(\n    url,\n    json=payload,\n)\n',
    'PW506',
    'Add timeout=10 (seconds)',
    'import requests\n\nr = requests.post(\n    url,\n    json=payload,\n    timeout=10,\n)\n',
  );
});

test('PW506: a multi-line call without a trailing comma', async () => {
  await assertFix(
    'from requests import put as send\n\nsend(\n    url,\n    data=body\n)\n',
    'PW506',
    'Add timeout=10 (seconds)',
    'from requests import put as send\n\nsend(\n    url,\n    data=body,\n    timeout=10\n)\n',
  );
});

test('PW506: timeout=None in the middle of the arguments becomes 10', async () => {
  await assertFix(
    'import requests as rq\n\nrq.get(url, timeout=None, headers=h)\n',
    'PW506',
    'Replace timeout=None with timeout=10 (seconds)',
    'import requests as rq\n\nrq.get(url, timeout=10, headers=h)\n',
  );
});

test('PW506: httpx is reported only with timeout=None', async () => {
  await assertFix(
    'import httpx\n\nclient = httpx.AsyncClient(timeout=None, http2=True)\n',
    'PW506',
    'Replace timeout=None with timeout=10 (seconds)',
    'import httpx\n\nclient = httpx.AsyncClient(timeout=10, http2=True)\n',
  );
  assert.deepEqual(await findings('import httpx\nhttpx.get(url)\n', 'PW506'), []);
});

test('PW506: the timeout fixes are not preferred; timeouts present or in **kwargs are not reported', async () => {
  const finding = await onlyFinding('import requests\nrequests.get(url)\n', 'PW506');
  assert.deepEqual(finding.fixes?.map((fix) => [fix.title, fix.preferred]), [['Add timeout=10 (seconds) (changes behaviour: a response slower than that now raises Timeout)', false]]);
  const source = 'import requests\nrequests.get(url, timeout=5)\nrequests.get(url, **options)\nrequests.get(url, timeout=(3, 30))\n';
  assert.deepEqual(await findings(source, 'PW506'), []);
});
