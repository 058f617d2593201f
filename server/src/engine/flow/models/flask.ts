// Flask and Werkzeug: the request proxy, route handlers, and Flask's own sinks and sanitizers.
import type { FlowModel } from '../spec';

const REQUEST = 'flask.request';
// The request's path, URL and host are left out: routing and the server have parsed them.
const REQUEST_FIELDS = [
  'args', 'form', 'values', 'json', 'get_json', 'data', 'get_data', 'files', 'headers', 'cookies', 'view_args',
  'referrer', 'stream', 'environ', 'authorization', 'user_agent', 'query_string',
];
const APPS = ['flask.Flask()', 'flask.Blueprint()', 'flask.app.Flask()', 'flask.blueprints.Blueprint()'];
const ROUTE_METHODS = ['route', 'get', 'post', 'put', 'delete', 'patch'];

export const flask: FlowModel = {
  name: 'flask',
  sources: [{ references: REQUEST_FIELDS.map((field) => `${REQUEST}.${field}`), trust: 'remote' }],
  // View arguments come from the URL.
  handlers: [{ framework: 'flask', decorators: APPS.flatMap((app) => ROUTE_METHODS.map((method) => `${app}.${method}`)), parametersUntrusted: true, routeConverters: true, trust: 'remote' }],
  sinks: [
    { rule: 'PW812', kind: 'template', calls: ['flask.render_template_string', 'flask.templating.render_template_string'], arguments: [[0, 'source']] },
    { rule: 'PWT002', kind: 'path', calls: ['flask.send_file', 'flask.helpers.send_file'], arguments: [[0, 'path_or_file']] },
    // The file name is joined safely inside the folder; the folder itself is trusted.
    { rule: 'PWT002', kind: 'path', calls: ['flask.send_from_directory', 'flask.helpers.send_from_directory'], arguments: [[0, 'directory']] },
    { rule: 'PWT003', kind: 'redirect', calls: ['flask.redirect', 'werkzeug.utils.redirect'], arguments: [[0, 'location']], shape: 'redirect' },
    { rule: 'PWT004', kind: 'xss', calls: ['flask.make_response', 'flask.helpers.make_response'], arguments: [[0, 'args']] },
    { rule: 'PW806', kind: 'xss', calls: ['flask.Markup', 'markupsafe.Markup', 'jinja2.Markup'], arguments: [[0, 'base']], lowerWhenSanitized: true },
  ],
  noReturn: ['flask.abort', 'werkzeug.exceptions.abort'],
  sanitizers: [
    { calls: ['werkzeug.utils.secure_filename', 'werkzeug.secure_filename'], kinds: ['path', 'shell', 'xss', 'redirect', 'regex', 'log', 'header'] },
    { calls: ['flask.safe_join', 'flask.helpers.safe_join', 'werkzeug.utils.safe_join', 'werkzeug.security.safe_join'], kinds: ['path'] },
    { calls: ['flask.url_for', 'flask.helpers.url_for'] },
    { calls: ['flask.escape', 'markupsafe.escape', 'jinja2.escape'], kinds: ['xss', 'template'] },
    // Flask's templates autoescape HTML.
    { calls: ['flask.render_template', 'flask.templating.render_template'], kinds: ['xss'] },
  ],
};
