// Django: views' `request` and URL arguments, the ORM's raw SQL, responses and redirects.
import type { FlowModel } from '../spec';

// The path and host are attacker-influenced too, but Django has already parsed and validated
// them (ALLOWED_HOSTS); redirecting to `request.path` is how Django itself works.
const REQUEST_FIELDS = ['GET', 'POST', 'body', 'FILES', 'COOKIES', 'headers', 'META', 'data', 'query_params', 'read', 'readline', 'readlines', 'content_params'];

/** Queryset methods that look rows up: what they return is the database's data, not the key. */
const LOOKUPS = ['get', 'get_or_404', 'filter', 'exclude', 'first', 'last', 'count', 'exists', 'values', 'values_list'];

export const django: FlowModel = {
  name: 'django',
  handlers: [
    {
      framework: 'django',
      requestParameter: { name: 'request', module: 'django', viewModules: /(^|\/)(views?|urls)(\/|\.py$|_)/ },
      selfAttribute: 'request',
      requestFields: REQUEST_FIELDS,
      parametersUntrusted: true,
      defaultsAreConfiguration: true,
      trust: 'remote',
    },
  ],
  sinks: [
    { rule: 'PW401', kind: 'sql', methods: ['raw'], receiver: /(^|\.)objects$/, arguments: [[0, 'raw_query']] },
    { rule: 'PW807', kind: 'sql', methods: ['extra'], arguments: [[-1, 'select'], [-1, 'where'], [-1, 'tables'], [-1, 'order_by']] },
    { rule: 'PW808', kind: 'sql', calls: ['django.db.models.RawSQL', 'django.db.models.expressions.RawSQL'], arguments: [[0, 'sql']] },
    {
      rule: 'PWT004',
      kind: 'xss',
      calls: ['django.http.HttpResponse', 'django.http.response.HttpResponse', 'django.http.HttpResponseBadRequest', 'django.http.HttpResponseNotFound'],
      arguments: [[0, 'content']],
      when: 'html-content',
    },
    { rule: 'PW804', kind: 'xss', calls: ['django.utils.safestring.mark_safe', 'django.utils.safestring.SafeString', 'django.utils.html.mark_safe'], arguments: [[0, 's']], lowerWhenSanitized: true },
    {
      rule: 'PWT003',
      kind: 'redirect',
      calls: ['django.shortcuts.redirect', 'django.http.HttpResponseRedirect', 'django.http.HttpResponsePermanentRedirect', 'django.http.response.HttpResponseRedirect'],
      arguments: [[0, 'to']],
      shape: 'redirect',
    },
    { rule: 'PWT002', kind: 'path', calls: ['django.http.FileResponse', 'django.http.response.FileResponse'], arguments: [[0, 'streaming_content']] },
  ],
  sanitizers: [
    { calls: ['django.utils.html.escape', 'django.utils.html.conditional_escape', 'django.utils.html.strip_tags', 'django.utils.html.format_html'], kinds: ['xss'] },
    // Templates escape what they are given.
    {
      calls: [
        'django.shortcuts.render', 'django.template.loader.render_to_string', 'django.template.loader.*.render', 'django.template.Template().render', 'django.template.loader.get_template().render', 'django.template.loader.select_template().render', 'django.template.**.render',
        // `from django.shortcuts import loader` (django.shortcuts imports it).
        'django.shortcuts.loader.render_to_string', 'django.shortcuts.loader.get_template().render', 'django.shortcuts.loader.select_template().render',
      ],
      kinds: ['xss'],
    },
    { calls: ['django.utils._os.safe_join'], kinds: ['path'] },
    { calls: ['django.shortcuts.resolve_url', 'django.urls.reverse'], kinds: ['redirect'] },
    // A query string, percent-encoded (`/`, `:`, CR and LF included): it cannot name another host
    // or break a header. `request.GET.urlencode()` is QueryDict's.
    { calls: ['django.utils.http.urlencode'], methods: ['urlencode'], kinds: ['redirect', 'header', 'log', 'xss', 'path', 'ssrf'] },
    // Rows looked up by an untrusted key are the database's data, not the key.
    // Through a queryset too: `TestJob.objects.select_for_update().get(pk=pk)`.
    { calls: ['django.shortcuts.get_object_or_404', 'django.shortcuts.get_list_or_404', ...LOOKUPS.flatMap((m) => [`**.objects.${m}`, `**.objects.**.${m}`])] },
    // A model class's own lookups (`TestJob.get_by_job_number(pk)`, a class of a `models` module) return rows too.
    { calls: ['**.models.*.*', '.models.*.*'] },
  ],
  // A model instance's class metadata (`opts = obj._meta`), however the instance was built.
  opaqueAttributes: ['_meta'],
  // CGI variables the server sets from the connection, not from what the client sends.
  serverSetKeys: [{ container: /(^|\.)(META|environ)$/, keys: ['REMOTE_ADDR', 'REMOTE_PORT', 'SERVER_PORT', 'SERVER_PROTOCOL', 'REQUEST_METHOD', 'CONTENT_LENGTH', 'wsgi.url_scheme'] }],
  opaque: ['django.utils.http.http_date', 'django.utils.http.quote_etag', 'django.utils.cache.get_max_age'],
};
