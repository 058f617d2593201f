import { flowRule } from './flow-rule';

export default flowRule({
  id: 'PWT007',
  name: 'header-injection',
  title: 'HTTP header set from untrusted input',
  category: 'web',
  severity: 'medium',
  cwe: 113,
  docs: {
    what: 'Finds untrusted input written into an HTTP response header: `response.headers[name] = value`, `send_header`, `putheader`, `add_header`. Found by data flow.',
    why: 'A value with CR/LF splits the response where the server or framework does not reject it: the attacker adds headers (cookies, redirects) or a body of their own; even without line breaks, headers such as `Location` or `Content-Disposition` change the response\'s meaning.',
    example: 'from http.server import BaseHTTPRequestHandler\nimport sys\n\nclass Handler(BaseHTTPRequestHandler):\n    def do_GET(self):\n        self.send_response(200)\n        self.send_header("X-Name", sys.argv[1])',
    safe: 'from http.server import BaseHTTPRequestHandler\nimport sys\n\nclass Handler(BaseHTTPRequestHandler):\n    def do_GET(self):\n        name = sys.argv[1]\n        if "\\r" in name or "\\n" in name:\n            raise ValueError("bad header value")\n        self.send_response(200)\n        self.send_header("X-Name", name)',
    references: ['https://cwe.mitre.org/data/definitions/113.html', 'https://owasp.org/www-community/attacks/HTTP_Response_Splitting'],
  },
});
