import { riskyImport } from './risky-import';

export default riskyImport({
  id: 'PW932',
  name: 'import-httpoxy',
  title: 'Import of a CGI handler (httpoxy)',
  bandit: 'B412',
  ruff: 'S412',
  cwe: 284,
  modules: ['wsgiref.handlers.CGIHandler', 'twisted.web.twcgi.CGIScript', 'twisted.web.twcgi.CGIDirectory'],
  classesReachedThroughModule: true,
  message: (m) =>
    `\`${m}\` is imported: under CGI a \`Proxy:\` header redirects outgoing requests (httpoxy).`,
  docs: {
    why: 'CGI passes request headers to the program as `HTTP_*` environment variables, so a client-supplied `Proxy:` header becomes `HTTP_PROXY`, the variable many HTTP libraries read to choose a proxy. Outgoing requests the application makes (to payment APIs, internal services) then go through a proxy the attacker controls. The standard library ignores `HTTP_PROXY` under CGI since 2016, but other clients and older versions do not.',
    example: 'from wsgiref.handlers import CGIHandler\n\nCGIHandler().run(app)',
    safe: '# Run the WSGI application under a WSGI server instead of CGI:\n#   gunicorn myproject.wsgi:app\nfrom waitress import serve\n\nserve(app, host="127.0.0.1", port=8080)',
    references: [
      'https://cwe.mitre.org/data/definitions/284.html',
      'https://httpoxy.org/',
      'https://bandit.readthedocs.io/en/latest/blacklists/blacklist_imports.html',
    ],
  },
});
