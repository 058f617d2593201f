// The fixes of the deserialization rules (PW101–PW109): exact text, still valid Python, and the
// finding gone afterwards. Rules without a safe rewrite must offer none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeWithFixes, assertFix, docsOf, onlyFinding } from '../helpers';

/** Findings of the deserialization rules only: other rules may report on the same lines. */
async function deserializationFindings(source: string) {
  return (await analyzeWithFixes(source)).filter((finding) => /^PW1\d\d$/.test(finding.ruleId));
}

// PW105 torch.load without weights_only=True

test('PW105: adds weights_only=True to a one-line call', async () => {
  await assertFix(
    'import torch\n\nstate = torch.load(path, map_location="cpu")\n',
    'PW105',
    'Add weights_only=True',
    'import torch\n\nstate = torch.load(path, map_location="cpu", weights_only=True)\n',
  );
});

test('PW105: adding weights_only=True is the preferred fix', async () => {
  const finding = await onlyFinding('import torch\nstate = torch.load(path)\n', 'PW105');
  assert.equal(finding.severity, 'medium');
  assert.deepEqual(finding.fixes?.map((fix) => [fix.title, fix.preferred]), [['Add weights_only=True', true]]);
});

test('PW105: sets weights_only=False to True, reported as high severity', async () => {
  const source = 'import torch\n\nstate = torch.load(path, weights_only=False, map_location="cpu")\n';
  const finding = await onlyFinding(source, 'PW105');
  assert.equal(finding.severity, 'high');
  assert.match(finding.message, /use `weights_only=True`/);
  assert.match(docsOf('PW105'), /the default before PyTorch 2\.6/);
  await assertFix(source, 'PW105', 'Set weights_only=True', 'import torch\n\nstate = torch.load(path, weights_only=True, map_location="cpu")\n');
});

test('PW105: a multi-line call with a trailing comma keeps its layout', async () => {
  await assertFix(
    'import torch\n\nstate = torch.load(\n    path,\n    map_location="cpu",\n)\n',
    'PW105',
    'Add weights_only=True',
    'import torch\n\nstate = torch.load(\n    path,\n    map_location="cpu",\n    weights_only=True,\n)\n',
  );
});

test('PW105: a multi-line call without a trailing comma keeps its layout', async () => {
  await assertFix(
    'import torch\n\ndef resume(path):\n    return torch.load(\n        path,\n        map_location="cpu"\n    )\n',
    'PW105',
    'Add weights_only=True',
    'import torch\n\ndef resume(path):\n    return torch.load(\n        path,\n        map_location="cpu",\n        weights_only=True\n    )\n',
  );
});

test('PW105: aliased imports keep the spelling the user wrote', async () => {
  await assertFix(
    'from torch import load as torch_load\nimport torch as th\n\na = torch_load(path)\n',
    'PW105',
    'Add weights_only=True',
    'from torch import load as torch_load\nimport torch as th\n\na = torch_load(path, weights_only=True)\n',
  );
  await assertFix(
    'import torch as th\n\nUNSAFE = False\nb = th.load(path, weights_only=UNSAFE)\n',
    'PW105',
    'Set weights_only=True',
    'import torch as th\n\nUNSAFE = False\nb = th.load(path, weights_only=True)\n',
  );
});

test('PW105: weights_only=None (the version default) is set to True', async () => {
  await assertFix('import torch\nx = torch.load(f, weights_only=None)\n', 'PW105', 'Set weights_only=True', 'import torch\nx = torch.load(f, weights_only=True)\n');
});

test('PW105: an unknown weights_only value gets a fix that is not preferred', async () => {
  const source = 'import torch\n\ndef load(path, trust):\n    return torch.load(path, weights_only=trust)\n';
  const finding = await onlyFinding(source, 'PW105');
  assert.equal(finding.confidence, 'low');
  assert.deepEqual(finding.fixes?.map((fix) => [fix.title, fix.preferred]), [['Set weights_only=True (changes behaviour: checkpoints holding objects other than tensors stop loading)', false]]);
  await assertFix(source, 'PW105', 'Set weights_only=True', 'import torch\n\ndef load(path, trust):\n    return torch.load(path, weights_only=True)\n');
});

// PW106 numpy.load(allow_pickle=True)

test('PW106: sets allow_pickle=False and keeps every other argument', async () => {
  await assertFix(
    'import numpy as np\n\nvectors = np.load(path, mmap_mode="r", allow_pickle=True, encoding="bytes")\n',
    'PW106',
    'Set allow_pickle=False',
    'import numpy as np\n\nvectors = np.load(path, mmap_mode="r", allow_pickle=False, encoding="bytes")\n',
  );
});

test('PW106: allow_pickle passed by position', async () => {
  await assertFix('import numpy\n\nlabels = numpy.load(path, None, True)\n', 'PW106', 'Set allow_pickle=False', 'import numpy\n\nlabels = numpy.load(path, None, False)\n');
});

test('PW106: a multi-line call with a trailing comma and a name bound to True', async () => {
  await assertFix(
    'from numpy import load as np_load\n\nALLOW = True\nmeta = np_load(\n    path,\n    allow_pickle=ALLOW,\n)\n',
    'PW106',
    'Set allow_pickle=False',
    'from numpy import load as np_load\n\nALLOW = True\nmeta = np_load(\n    path,\n    allow_pickle=False,\n)\n',
  );
});

test('PW106: the fix is offered but not preferred (object arrays stop loading)', async () => {
  const finding = await onlyFinding('import numpy as np\nx = np.load(p, allow_pickle=True)\n', 'PW106');
  assert.deepEqual(finding.fixes?.map((fix) => [fix.title, fix.preferred]), [['Set allow_pickle=False (changes behaviour: files holding object arrays stop loading)', false]]);
});

// Rules without a safe rewrite

/** What each message tells the user to do instead, since there is no rewrite to apply. */
const SAFE_ALTERNATIVE: Record<string, RegExp> = {
  PW101: /or use JSON/,
  PW102: /keep it private/,
  PW103: /only for data this program wrote/,
  PW107: /use `json\.loads`/,
  PW108: /use Parquet or CSV/,
  PW109: /or use skops/,
};

test('rules without a safe rewrite offer no fix and the message names the alternative', async () => {
  const source = [
    'import pickle, shelve, marshal, jsonpickle, joblib',
    'import pandas as pd',
    'a = pickle.loads(data)',
    'b = shelve.open(path)',
    'c = marshal.loads(data)',
    'd = jsonpickle.decode(text)',
    'e = pd.read_pickle(path)',
    'f = joblib.load(path)',
    '',
  ].join('\n');
  const findings = await deserializationFindings(source);
  assert.deepEqual(findings.map((finding) => finding.ruleId), ['PW101', 'PW102', 'PW103', 'PW107', 'PW108', 'PW109']);
  for (const finding of findings) {
    assert.deepEqual(finding.fixes, [], `${finding.ruleId} offers a fix`);
    assert.match(finding.message, SAFE_ALTERNATIVE[finding.ruleId], `${finding.ruleId}: ${finding.message}`);
  }
});

test('data fetched over the network raises deserialization findings to high', async () => {
  const source = [
    'import io, pickle, marshal, jsonpickle, joblib',
    'import pandas as pd',
    'import requests',
    'from urllib.request import urlopen',
    'resp = requests.get(url, timeout=5)',
    'a = pickle.loads(resp.content)',
    'b = marshal.loads(requests.get(url, timeout=5).content)',
    'c = jsonpickle.decode(resp.text)',
    'd = pd.read_pickle("https://example.com/frame.pkl")',
    'with urlopen(url, timeout=5) as stream:',
    '    e = joblib.load(io.BytesIO(stream.read()))',
    'f = pickle.loads(local_bytes)',
    '',
  ].join('\n');
  const findings = await deserializationFindings(source);
  assert.deepEqual(
    findings.map((finding) => `${finding.ruleId}:${finding.severity}`),
    ['PW101:high', 'PW103:high', 'PW107:high', 'PW108:high', 'PW109:high', 'PW101:medium'],
  );
  for (const finding of findings.slice(0, -1)) assert.match(finding.message, /downloaded/, finding.message);
  assert.doesNotMatch(findings.at(-1)!.message, /downloaded/);
});
