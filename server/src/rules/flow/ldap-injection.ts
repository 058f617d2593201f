import { flowRule } from './flow-rule';

export default flowRule({
  id: 'PWT005',
  name: 'ldap-injection',
  title: 'LDAP injection: untrusted text in a search filter',
  category: 'other',
  severity: 'high',
  cwe: 90,
  docs: {
    what: 'Finds untrusted input in the filter of an LDAP search (`python-ldap` `search_s` and friends, `ldap3` `Connection.search` and `extend.standard.paged_search`) without `escape_filter_chars`. Found by data flow.',
    why: 'Characters such as `*`, `(`, `)` and `|` rewrite the filter: `*)(uid=*` matches every entry, which bypasses a login check or dumps the directory.',
    example: 'import ldap\nfrom flask import Flask, request\n\napp = Flask(__name__)\nconn = ldap.initialize("ldap://ldap.example.com")\n\n@app.route("/user")\ndef user():\n    name = request.args["name"]\n    return str(conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, f"(uid={name})"))',
    safe: 'import ldap\nfrom ldap.filter import escape_filter_chars\nfrom flask import Flask, request\n\napp = Flask(__name__)\nconn = ldap.initialize("ldap://ldap.example.com")\n\n@app.route("/user")\ndef user():\n    name = escape_filter_chars(request.args["name"])\n    return str(conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, f"(uid={name})"))',
    references: ['https://cwe.mitre.org/data/definitions/90.html', 'https://cheatsheetseries.owasp.org/cheatsheets/LDAP_Injection_Prevention_Cheat_Sheet.html'],
  },
});
