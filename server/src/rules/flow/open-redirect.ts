import { flowRule } from './flow-rule';

export default flowRule({
  id: 'PWT003',
  name: 'open-redirect',
  title: 'Open redirect: untrusted redirect target',
  category: 'web',
  severity: 'medium',
  cwe: 601,
  docs: {
    what: 'Finds redirects (Flask `redirect`, Django `redirect` and `HttpResponseRedirect`, Starlette `RedirectResponse`, aiohttp `HTTPFound`) whose target comes from untrusted input. A target starting with a fixed local path (`"/profile/" + name`) or built by `url_for`/`reverse` is not reported, nor one checked with `url_has_allowed_host_and_scheme`. Found by data flow.',
    why: 'A link on the real site that sends the victim to `https://evil.example/login` makes phishing credible, and OAuth-style flows leak tokens to the attacker\'s host.',
    example: 'from flask import Flask, redirect, request\n\napp = Flask(__name__)\n\n@app.route("/login/done")\ndef done():\n    return redirect(request.args["next"])',
    safe: 'from flask import Flask, redirect, request, url_for\nfrom urllib.parse import urlsplit\n\napp = Flask(__name__)\n\n@app.route("/login/done")\ndef done():\n    target = request.args.get("next", "")\n    if urlsplit(target).netloc or not target.startswith("/"):\n        return redirect(url_for("home"))\n    return redirect(target)',
    references: ['https://cwe.mitre.org/data/definitions/601.html', 'https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html'],
  },
});
