// The fixes of the process and network rules added for Bandit parity (PW303–PW308, PW507–PW513,
// PW110, PW111, PW204, PW921–PW934): exact text, still valid Python, and the finding gone
// afterwards; and, where no rewrite is safe, that none is offered and the finding says why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertFix, findingsOf, onlyFinding, strict, docsOf } from '../helpers';

// The default helpers run the recommended profile; strict-only rules need the strict one.
const strictFindings = (source: string, ruleId: string) => strict.findingsOf(source, ruleId);
const recommendedFindings = findingsOf;

// PW509 FTP → FTP_TLS

const FTP_FIX = 'Use ftplib.FTP_TLS';

test('PW509: ftplib.FTP becomes ftplib.FTP_TLS', async () => {
  await assertFix(
    'import ftplib\n\nftp = ftplib.FTP("files.example.com", timeout=30)\n',
    'PW509',
    FTP_FIX,
    'import ftplib\n\nftp = ftplib.FTP_TLS("files.example.com", timeout=30)\n',
  );
});

test('PW509: an aliased module keeps its alias', async () => {
  await assertFix(
    'import ftplib as f\n\nwith f.FTP(host, user, secret) as ftp:\n    ftp.cwd("/in")\n',
    'PW509',
    FTP_FIX,
    'import ftplib as f\n\nwith f.FTP_TLS(host, user, secret) as ftp:\n    ftp.cwd("/in")\n',
  );
});

test('PW509: `from ftplib import FTP` uses an imported FTP_TLS, or imports ftplib', async () => {
  await assertFix(
    'from ftplib import FTP, FTP_TLS\n\nftp = FTP(host)\n',
    'PW509',
    FTP_FIX,
    'from ftplib import FTP, FTP_TLS\n\nftp = FTP_TLS(host)\n',
  );
  await assertFix(
    'from ftplib import FTP\n\nftp = FTP(host)\n',
    'PW509',
    FTP_FIX,
    'import ftplib\nfrom ftplib import FTP\n\nftp = ftplib.FTP_TLS(host)\n',
  );
});

test('PW509: the fix is not preferred; the session and its login are both reported', async () => {
  const source = 'from ftplib import FTP\n\nftp = FTP(host)\nftp.login(user, secret)\nftp.login()\n';
  const [session, login] = await findingsOf(source, 'PW509');
  assert.deepEqual(session.fixes?.map((fix) => [fix.title, fix.preferred]), [[`${FTP_FIX} (changes behaviour: the server must support FTPS)`, false]]);
  assert.match(login.message, /^`ftp\.login` sends the password over plain FTP/);
  assert.deepEqual(login.fixes, []);
  assert.equal((await findingsOf(source, 'PW509')).length, 2, 'the anonymous login() is not reported');
});

test('PW509: no fix when a fifth positional argument would land on another parameter of FTP_TLS', async () => {
  const finding = await onlyFinding('import ftplib\n\nftp = ftplib.FTP(host, user, secret, "", 30)\n', 'PW509');
  assert.deepEqual(finding.fixes, []);
});

// PW512 bind to all interfaces

const BIND_FIX = 'Bind to 127.0.0.1 only';

test('PW512: "0.0.0.0" becomes "127.0.0.1", keeping the quotes', async () => {
  await assertFix(
    'from flask import Flask\n\napp = Flask(__name__)\napp.run(host=\'0.0.0.0\', port=5000)\n',
    'PW512',
    BIND_FIX,
    'from flask import Flask\n\napp = Flask(__name__)\napp.run(host=\'127.0.0.1\', port=5000)\n',
  );
});

test('PW512: the empty host of a (host, port) tuple becomes "127.0.0.1"', async () => {
  await assertFix(
    'from http.server import HTTPServer, SimpleHTTPRequestHandler\n\nHTTPServer(("", 8000), SimpleHTTPRequestHandler).serve_forever()\n',
    'PW512',
    BIND_FIX,
    'from http.server import HTTPServer, SimpleHTTPRequestHandler\n\nHTTPServer(("127.0.0.1", 8000), SimpleHTTPRequestHandler).serve_forever()\n',
  );
});

test('PW512: "::" becomes "::1"', async () => {
  await assertFix(
    'import socket\n\nsock = socket.socket(socket.AF_INET6)\nsock.bind(("::", 8080))\n',
    'PW512',
    'Bind to ::1 only',
    'import socket\n\nsock = socket.socket(socket.AF_INET6)\nsock.bind(("::1", 8080))\n',
  );
});

test('PW512: confidence follows where the address sits; the fix is never preferred', async () => {
  const bind = await onlyFinding('import socket\nsocket.socket().bind(("0.0.0.0", 80))\n', 'PW512');
  assert.equal(bind.confidence, 'high');
  assert.equal(bind.fixes?.[0].preferred, false);
  assert.equal((await onlyFinding('BIND_ADDRESS = "0.0.0.0"\n', 'PW512')).confidence, 'medium');
  assert.equal((await onlyFinding('DEFAULTS = ["0.0.0.0"]\n', 'PW512')).confidence, 'low');
  assert.deepEqual(await findingsOf('if peer == "0.0.0.0":\n    pass\nSEPARATOR = "::"\n', 'PW512'), []);
});

// PW111 Keras safe_mode=False

test('PW111: removes safe_mode=False (not preferred)', async () => {
  await assertFix(
    'import keras\n\nmodel = keras.models.load_model(path, compile=False, safe_mode=False)\n',
    'PW111',
    'Remove safe_mode=False',
    'import keras\n\nmodel = keras.models.load_model(path, compile=False)\n',
  );
  const finding = await onlyFinding('import tensorflow as tf\nm = tf.keras.models.load_model(path, safe_mode=False)\n', 'PW111');
  assert.deepEqual(finding.fixes?.map((fix) => fix.preferred), [false]);
});

test('PW111: a multi-line call keeps its layout', async () => {
  await assertFix(
    'from keras.saving import load_model\n\nmodel = load_model(\n    path,\n    safe_mode=False,\n)\n',
    'PW111',
    'Remove safe_mode=False',
    'from keras.saving import load_model\n\nmodel = load_model(\n    path,\n)\n',
  );
});

test('PW111: enable_unsafe_deserialization() has no automatic fix', async () => {
  const finding = await onlyFinding('import keras\nkeras.config.enable_unsafe_deserialization()\n', 'PW111');
  assert.deepEqual(finding.fixes, []);
  assert.match(finding.message, /turns Keras safe mode off, so later models can run code/);
});

// Rules without a safe rewrite: no fix, and the message says what to do.

test('PW303: severity follows how the command is built; an unknown receiver is medium confidence', async () => {
  const built = await onlyFinding('import paramiko\nc = paramiko.SSHClient()\nc.exec_command("ls " + path)\n', 'PW303');
  assert.equal(built.severity, 'high');
  assert.equal(built.confidence, 'high');
  assert.deepEqual(built.fixes, []);
  assert.match(built.message, /shlex\.quote/);
  assert.equal((await onlyFinding('import paramiko\nc = paramiko.SSHClient()\nc.exec_command("uptime")\n', 'PW303')).severity, 'low');
  assert.equal((await onlyFinding('import paramiko\ndef run(c, cmd):\n    return c.exec_command(cmd)\n', 'PW303')).confidence, 'medium');
  assert.deepEqual(await findingsOf('def run(c, cmd):\n    return c.exec_command(cmd)\n', 'PW303'), [], 'no paramiko in the file');
});

test('PW305: a local helper that ignores `shell` is not reported; one that forwards it is medium confidence', async () => {
  const forwards = 'import subprocess\ndef run(cmd, shell=False):\n    return subprocess.run(cmd, shell=shell)\nrun("ls " + d, shell=True)\n';
  assert.equal((await onlyFinding(forwards, 'PW305')).confidence, 'medium');
  const ignores = 'def run(cmd, shell=False):\n    return cmd\nrun("ls " + d, shell=True)\n';
  assert.deepEqual(await findingsOf(ignores, 'PW305'), []);
});

test('PW304, PW306, PW307 run in the strict profile only and offer no fix', async () => {
  const source = 'import os\nimport subprocess\nsubprocess.run(["git", "clone", url])\nos.execvp(tool, [tool])\n';
  assert.deepEqual(await recommendedFindings(source, 'PW304', 'PW306', 'PW307'), []);
  const [withoutShell] = await strictFindings(source, 'PW304');
  const [noShell] = await strictFindings(source, 'PW306');
  const [partial] = await strictFindings(source, 'PW307');
  assert.deepEqual([withoutShell.fixes, noShell.fixes, partial.fixes], [[], [], []]);
  assert.match(partial.message, /`shutil\.which` once/);
  assert.match(docsOf('PW307'), /shutil\.which\("git"\)/);
});

test('PW308: only an unquoted glob given to tar/chown/chmod/rsync through a shell', async () => {
  const [finding] = await findingsOf('import os\nos.system("tar czf /b/x.tgz *")\n', 'PW308');
  assert.equal(finding.severity, 'high');
  assert.deepEqual(finding.fixes, []);
  assert.deepEqual(await findingsOf('import os\nos.system("tar czf /b/x.tgz \'*\'")\nos.system("systemctl start *")\n', 'PW308'), []);
});

test('PW507: a literal https URL is not reported; a fixed file URL is low severity', async () => {
  assert.deepEqual(await findingsOf('from urllib.request import urlopen\nurlopen("https://example.com/" + p)\n', 'PW507'), []);
  const file = await onlyFinding('from urllib.request import urlopen\nurlopen("file:///etc/hosts")\n', 'PW507');
  assert.equal(file.severity, 'low');
  const input = await onlyFinding('from urllib.request import urlopen\ndef f(url):\n    return urlopen(url)\n', 'PW507');
  assert.equal(input.severity, 'medium');
  assert.deepEqual(input.fixes, []);
  assert.match(input.message, /check the scheme is http\(s\) first/);
  assert.match(docsOf('PW507'), /urlsplit\(url\)\.scheme/);
});

test('PW204: a literal Hub id is high confidence, a value of unknown origin low; no fix', async () => {
  const literal = await onlyFinding('from transformers import AutoModel\nAutoModel.from_pretrained("org/model")\n', 'PW204');
  assert.equal(literal.confidence, 'high');
  assert.deepEqual(literal.fixes, []);
  assert.match(literal.message, /pin `revision=` to a commit/);
  const unknown = await onlyFinding('from transformers import AutoModel\ndef load(name):\n    return AutoModel.from_pretrained(name)\n', 'PW204');
  assert.equal(unknown.confidence, 'low');
});

test('PW110: confidence high for LangChain loaders, medium for other callees; no fix', async () => {
  const store = await onlyFinding('from langchain_community.vectorstores import FAISS\nFAISS.load_local(d, e, allow_dangerous_deserialization=True)\n', 'PW110');
  assert.equal(store.confidence, 'high');
  assert.deepEqual(store.fixes, []);
  const other = await onlyFinding('def load(cls, d):\n    return cls.load_local(d, allow_dangerous_deserialization=True)\n', 'PW110');
  assert.equal(other.confidence, 'medium');
});

test('PW510/PW511/PW513: no automatic fix', async () => {
  const snmp = await findingsOf('from pysnmp.hlapi import CommunityData, UsmUserData\nCommunityData("public")\nUsmUserData("user", key)\n', 'PW510', 'PW511');
  assert.deepEqual(snmp.map((f) => [f.ruleId, f.fixes]), [['PW510', []], ['PW511', []]]);
  const defaults = await onlyFinding('import ssl\ndef connect(v=ssl.PROTOCOL_TLSv1):\n    pass\n', 'PW513');
  assert.deepEqual(defaults.fixes, []);
});

test('PW921–PW934: strict only, one finding per `from` import, dynamic imports too', async () => {
  assert.deepEqual(await recommendedFindings('import pickle\n', 'PW923'), []);
  const fromImport = await strictFindings('from pickle import loads, load\n', 'PW923');
  assert.equal(fromImport.length, 1);
  assert.equal(fromImport[0].severity, 'low');
  assert.deepEqual(fromImport[0].fixes, []);
  assert.equal((await strictFindings('import importlib\nimportlib.import_module("xml.dom.minidom")\n', 'PW928')).length, 1);
  assert.deepEqual(await strictFindings('from xml.etree.ElementTree import Element, tostring\n', 'PW925'), []);
});
