import { flowRule } from './flow-rule';

export default flowRule({
  id: 'PWT006',
  name: 'regex-injection',
  title: 'Regular expression built from untrusted input',
  category: 'other',
  severity: 'medium',
  cwe: 1333,
  docs: {
    what: 'Finds untrusted input used as a regular expression pattern (`re.compile`, `re.search`, `re.match`, `re.sub`…) without `re.escape`. Found by data flow.',
    why: 'A pattern such as `(a+)+$` takes exponential time on a short input (ReDoS), freezing a worker per request; metacharacters also change what the search matches.',
    example: 'import re\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n@app.route("/search")\ndef search():\n    pattern = re.compile(request.args["q"])\n    return [line for line in open("index.txt") if pattern.search(line)]',
    safe: 'import re\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n@app.route("/search")\ndef search():\n    pattern = re.compile(re.escape(request.args["q"]))\n    return [line for line in open("index.txt") if pattern.search(line)]',
    references: ['https://cwe.mitre.org/data/definitions/1333.html', 'https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS'],
  },
});
