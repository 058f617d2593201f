import { flowRule } from './flow-rule';

export default flowRule({
  id: 'PWT001',
  name: 'ssrf',
  title: 'Server-side request forgery: untrusted URL fetched',
  category: 'web',
  severity: 'high',
  cwe: 918,
  docs: {
    what: 'Finds URLs built from untrusted input (request data, model output, command-line arguments) that reach an HTTP client: `requests`, `httpx`, `urllib.request.urlopen`, `aiohttp.ClientSession`, `http.client`. Only a tainted host counts: a value placed after a fixed `https://host/` prefix is a path segment, not a forgery. Found by data flow, across functions and files of the project.',
    why: 'The server fetches whatever the attacker names: cloud metadata endpoints (`http://169.254.169.254/` hands out credentials), internal admin panels, databases listening on localhost, or `file://` URLs. The response often flows back to the attacker, and the request carries the server\'s network position and credentials.',
    example: 'import requests\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n@app.route("/preview")\ndef preview():\n    url = request.args["url"]\n    return requests.get(url, timeout=5).text',
    safe: 'import requests\nfrom urllib.parse import urlsplit\nfrom flask import Flask, abort, request\n\napp = Flask(__name__)\nALLOWED_HOSTS = {"images.example.com"}\n\n@app.route("/preview")\ndef preview():\n    url = request.args["url"]\n    if urlsplit(url).hostname not in ALLOWED_HOSTS:\n        abort(400)\n    return requests.get(url, timeout=5).text',
    references: ['https://cwe.mitre.org/data/definitions/918.html', 'https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html'],
  },
});
