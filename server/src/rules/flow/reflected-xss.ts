import { flowRule } from './flow-rule';

export default flowRule({
  id: 'PWT004',
  name: 'reflected-xss',
  title: 'Reflected cross-site scripting: untrusted text in an HTML response',
  category: 'web',
  severity: 'high',
  cwe: 79,
  docs: {
    what: 'Finds untrusted input written unescaped into an HTML response: Django `HttpResponse`, Flask `make_response` and `Response`, Starlette `HTMLResponse`. (`mark_safe` and `Markup` of tainted text are reported by PW804 and PW806, raised to high.) `html.escape`, `markupsafe.escape`, `django.utils.html.escape` and `bleach.clean` make the value safe. Found by data flow.',
    why: 'A `<script>` in the value runs in the victim\'s browser on the site\'s origin: it reads the session, acts as the user, and rewrites the page.',
    example: 'from django.http import HttpResponse\n\ndef greet(request):\n    name = request.GET.get("name", "")\n    return HttpResponse("<p>Hello " + name + "</p>")',
    safe: 'from django.http import HttpResponse\nfrom django.utils.html import escape\n\ndef greet(request):\n    name = request.GET.get("name", "")\n    return HttpResponse("<p>Hello " + escape(name) + "</p>")',
    references: ['https://cwe.mitre.org/data/definitions/79.html', 'https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html'],
  },
});
