// Transport rules lower calls to this machine (a test against a local server) to low severity:
// no one on the network path can read or stall them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePython } from '../../server/src/engine/index';
import { isLoopbackUrl } from '../../server/src/rules/transport/loopback';
import { registry } from '../helpers';

async function severities(source: string): Promise<string[]> {
  return (await analyzePython(source, registry)).map((f) => `${f.ruleId}:${f.severity}`);
}

test('loopback URLs are told from look-alikes', () => {
  for (const url of ['http://localhost', 'http://localhost:8000/api', 'https://127.0.0.1/', 'http://127.1.2.3:5000', 'http://[::1]:8080/x', 'http://user:pw@localhost/', 'HTTP://LOCALHOST']) {
    assert.ok(isLoopbackUrl(url), url);
  }
  for (const url of ['http://localhost.evil.com', 'http://example.com/?next=http://localhost', 'http://10.0.0.1', 'http://127.0.0.1.nip.io', 'localhost', 'http://[::2]']) {
    assert.ok(!isLoopbackUrl(url), url);
  }
});

test('verify=False and a missing timeout against localhost are low; against a remote host they keep their severity', async () => {
  const local = await severities(
    'import requests\nPORT = 5000\nBASE = "http://127.0.0.1:5000"\n' +
      'requests.get("http://localhost:8000/health", verify=False, timeout=5)\n' +
      'requests.post(BASE, verify=False, timeout=5)\n' +
      'requests.request("GET", f"https://[::1]:{PORT}/x")\n' +
      'requests.get(url=f"http://localhost:{PORT}", timeout=None)\n',
  );
  assert.deepEqual(local, ['PW501:low', 'PW501:low', 'PW506:low', 'PW506:low']);
  const remote = await severities(
    'import requests\nrequests.get("https://api.example.com", verify=False, timeout=5)\nrequests.get(f"http://{host}/localhost")\nrequests.get("http://localhost.example.com")\n',
  );
  assert.deepEqual(remote, ['PW501:high', 'PW506:medium', 'PW506:medium']);
});

test('an httpx client whose base_url is local is lowered', async () => {
  assert.deepEqual(await severities('import httpx\nhttpx.Client(base_url="http://localhost:8000", verify=False)\nhttpx.Client(verify=False)\n'), ['PW501:low', 'PW501:high']);
});
