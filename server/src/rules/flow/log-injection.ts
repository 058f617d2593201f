import { flowRule } from './flow-rule';

export default flowRule({
  id: 'PWT008',
  name: 'log-injection',
  title: 'Log message built from untrusted input',
  category: 'other',
  severity: 'low',
  cwe: 117,
  docs: {
    what: 'Finds untrusted input in the message (first argument) of a `logging` call: formatted into it with an f-string, `%`, `+` or `.format()`. Passing it as a separate argument (`log.info("user %s", name)`) is not reported. Found by data flow.',
    why: 'A value with newlines forges log entries ("login succeeded for admin"), hiding an attack or framing someone; a `%` in it also breaks the formatting of the message.',
    example: 'import logging\nfrom flask import Flask, request\n\napp = Flask(__name__)\nlog = logging.getLogger(__name__)\n\n@app.route("/login", methods=["POST"])\ndef login():\n    log.info(f"login attempt for {request.form[\'user\']}")',
    safe: 'import logging\nfrom flask import Flask, request\n\napp = Flask(__name__)\nlog = logging.getLogger(__name__)\n\n@app.route("/login", methods=["POST"])\ndef login():\n    log.info("login attempt for %r", request.form["user"])',
    references: ['https://cwe.mitre.org/data/definitions/117.html', 'https://owasp.org/www-community/attacks/Log_Injection'],
  },
});
