// The fixes of the shell-injection rules (PW301, PW302): exact text, still valid Python, and the
// finding gone afterwards. Commands that a shell would treat differently from their words get
// no rewrite, and say why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, assertFix, onlyFinding } from '../helpers';

const LIST_FIX = 'Pass the command as a list without shell=True';
const CALL_FIX = 'Use subprocess.call with an argument list';

// PW301 subprocess with shell=True

test('PW301: a fixed command becomes a list and shell=True goes', async () => {
  await assertFix(
    'import subprocess\n\nsubprocess.run("ls -l /tmp", shell=True, check=True)\n',
    'PW301',
    LIST_FIX,
    'import subprocess\n\nsubprocess.run(["ls", "-l", "/tmp"], check=True)\n',
  );
});

test('PW301: a multi-line call with a trailing comma keeps its layout', async () => {
  await assertFix(
    'import subprocess\n\nsubprocess.run(\n    "make build",\n    shell=True,\n    check=True,\n)\n',
    'PW301',
    LIST_FIX,
    'import subprocess\n\nsubprocess.run(\n    ["make", "build"],\n    check=True,\n)\n',
  );
});

test('PW301: shell=True as the last argument of a multi-line call', async () => {
  await assertFix(
    'import subprocess\n\nout = subprocess.check_output(\n    "git rev-parse HEAD",\n    text=True,\n    shell=True,\n)\n',
    'PW301',
    LIST_FIX,
    'import subprocess\n\nout = subprocess.check_output(\n    ["git", "rev-parse", "HEAD"],\n    text=True,\n)\n',
  );
});

test('PW301: shell=True in the middle of the arguments', async () => {
  await assertFix(
    'import subprocess\n\nsubprocess.check_output("git status", shell=True, text=True)\n',
    'PW301',
    LIST_FIX,
    'import subprocess\n\nsubprocess.check_output(["git", "status"], text=True)\n',
  );
});

test('PW301: shell=True first and the command passed as args=', async () => {
  await assertFix(
    'import subprocess\n\nsubprocess.call(shell=True, args="ls -l")\n',
    'PW301',
    LIST_FIX,
    'import subprocess\n\nsubprocess.call(args=["ls", "-l"])\n',
  );
});

test('PW301: aliased module, single quotes kept', async () => {
  await assertFix(
    "import subprocess as sp\n\nproc = sp.Popen('ls -l', shell=True)\n",
    'PW301',
    LIST_FIX,
    "import subprocess as sp\n\nproc = sp.Popen(['ls', '-l'])\n",
  );
});

test('PW301: imported function under another name, shell bound to a name', async () => {
  await assertFix(
    'from subprocess import check_call as cc\n\nUSE_SHELL = True\ncc("make   install", shell=USE_SHELL)\n',
    'PW301',
    LIST_FIX,
    'from subprocess import check_call as cc\n\nUSE_SHELL = True\ncc(["make", "install"])\n',
  );
});

test('PW301: a bytes command keeps its prefix', async () => {
  await assertFix(
    'import subprocess\n\nsubprocess.run(b"ls -l", shell=True)\n',
    'PW301',
    LIST_FIX,
    'import subprocess\n\nsubprocess.run([b"ls", b"-l"])\n',
  );
});

test('PW301: a fixed command is low severity, a built one high with no rewrite', async () => {
  const fixed = await onlyFinding('import subprocess\nsubprocess.run("ls -l", shell=True)\n', 'PW301');
  assert.equal(fixed.severity, 'low');
  assert.deepEqual(fixed.fixes?.map((fix) => [fix.title, fix.preferred]), [[`${LIST_FIX} (changes behaviour: a missing program raises FileNotFoundError instead of exit status 127)`, false]]);
  const built = await onlyFinding('import subprocess\ndef f(name):\n    subprocess.run("ls " + name, shell=True)\n', 'PW301');
  assert.equal(built.severity, 'high');
  assert.match(built.message, /runs a run-time command through a shell \(injection\)/);
  assert.match(built.message, /`subprocess\.run`/);
  assert.deepEqual(built.fixes, []);
});

test('PW301: shell syntax, shell built-ins and executable= block the rewrite, and the hover says why', async () => {
  const cases: [string, RegExp][] = [
    ['subprocess.run("ls | wc -l", shell=True)', /shell syntax \(`\|`\)/],
    ['subprocess.run("rm -f *.pyc", shell=True)', /shell syntax \(`\*`\)/],
    ['subprocess.run("FOO=1 make", shell=True)', /shell syntax \(`=`\)/],
    ['subprocess.run("echo $HOME", shell=True)', /shell syntax \(`\$`\)/],
    ["subprocess.run('grep \"a b\" f', shell=True)", /shell syntax/],
    ['subprocess.run("cd /srv", shell=True)', /`cd` is built into the shell/],
    ['subprocess.run("ls", shell=True, executable="/bin/bash")', /`executable=`/],
    ['subprocess.run("ls", *extra, shell=True)', /`\*args`/],
  ];
  for (const [call, reason] of cases) {
    const finding = await onlyFinding(`import subprocess\n${call}\n`, 'PW301');
    assert.equal(finding.severity, 'low', call);
    assert.match(finding.details ?? '', /^No automatic rewrite: /, call);
    assert.match(finding.details ?? '', reason, call);
    assert.deepEqual(finding.fixes, [], call);
  }
});

test('PW301: a command held in a name is low severity but rewritten where it is defined, not here', async () => {
  const finding = await onlyFinding('import subprocess\nCMD = "ls -l"\nsubprocess.run(CMD, shell=True)\n', 'PW301');
  assert.equal(finding.severity, 'low');
  assert.deepEqual(finding.fixes, []);
});

test('PW301: shell=False, a list command and unknown shell values are not reported', async () => {
  const source =
    'import subprocess\n' +
    'def f(name, shell):\n' +
    '    subprocess.run(["ls", name])\n' +
    '    subprocess.run("ls " + name, shell=False)\n' +
    '    subprocess.run("ls " + name, shell=shell)\n';
  assert.deepEqual((await analyze(source)).filter((finding) => finding.ruleId === 'PW301'), []);
});

// PW302 functions that always use a shell

test('PW302: os.system with a fixed command becomes subprocess.call, importing subprocess', async () => {
  await assertFix(
    'import os\n\nos.system("make clean")\n',
    'PW302',
    CALL_FIX,
    'import os\nimport subprocess\n\nsubprocess.call(["make", "clean"])\n',
  );
});

test('PW302: an existing subprocess import is used as the user spells it', async () => {
  await assertFix(
    'import os\nimport subprocess as sp\n\n\ndef clean():\n    os.system("make clean")\n',
    'PW302',
    CALL_FIX,
    'import os\nimport subprocess as sp\n\n\ndef clean():\n    sp.call(["make", "clean"])\n',
  );
});

test('PW302: an aliased os.system imported by name', async () => {
  await assertFix(
    "from os import system as sh\nimport subprocess\n\nsh('systemctl restart nginx')\n",
    'PW302',
    CALL_FIX,
    "from os import system as sh\nimport subprocess\n\nsubprocess.call(['systemctl', 'restart', 'nginx'])\n",
  );
});

test('PW302: no rewrite when the exit status is used, the command uses shell syntax, or subprocess is shadowed', async () => {
  const cases = [
    'import os\ncode = os.system("make clean")\n',
    'import os\nos.system("make clean && make")\n',
    'import os\ndef f(subprocess):\n    os.system("make clean")\n',
    'import os\nos.popen("ls -l").read()\n',
    'import subprocess\nsubprocess.getoutput("git rev-parse HEAD")\n',
  ];
  for (const source of cases) {
    const finding = await onlyFinding(source, 'PW302');
    assert.equal(finding.severity, 'low', source);
    assert.deepEqual(finding.fixes, [], source);
  }
});

test('PW302: a command built at run time is high severity with no rewrite', async () => {
  const finding = await onlyFinding('import os\ndef ping(host):\n    os.system("ping -c 1 " + host)\n', 'PW302');
  assert.equal(finding.severity, 'high');
  assert.match(finding.message, /^`os\.system` runs a run-time command through a shell \(injection\); use `subprocess\.run\(\[\.\.\.\]\)`/);
  assert.deepEqual(finding.fixes, []);
});
