// FastAPI and Starlette: endpoint parameters (path, query, body), `Request`, responses.
import type { FlowModel } from '../spec';

const APPS = ['fastapi.FastAPI()', 'fastapi.APIRouter()', 'fastapi.routing.APIRouter()', 'starlette.applications.Starlette()'];
const METHODS = ['get', 'post', 'put', 'delete', 'patch', 'api_route', 'route', 'websocket'];

export const fastapi: FlowModel = {
  name: 'fastapi',
  handlers: [
    {
      framework: 'fastapi',
      decorators: APPS.flatMap((app) => METHODS.map((method) => `${app}.${method}`)),
      requestAnnotations: ['fastapi.Request', 'starlette.requests.Request', 'fastapi.WebSocket'],
      requestFields: ['query_params', 'path_params', 'headers', 'cookies', 'body', 'json', 'form', 'url', 'stream', 'receive_text', 'receive_json'],
      parametersUntrusted: true,
      providedDefaults: ['fastapi.Depends', 'fastapi.Security', 'fastapi.params.Depends'],
      validatesAnnotations: true,
      trust: 'remote',
    },
  ],
  sinks: [
    {
      rule: 'PWT003',
      kind: 'redirect',
      calls: ['fastapi.responses.RedirectResponse', 'starlette.responses.RedirectResponse'],
      arguments: [[0, 'url']],
      shape: 'redirect',
    },
    { rule: 'PWT004', kind: 'xss', calls: ['fastapi.responses.HTMLResponse', 'starlette.responses.HTMLResponse'], arguments: [[0, 'content']] },
    { rule: 'PWT002', kind: 'path', calls: ['fastapi.responses.FileResponse', 'starlette.responses.FileResponse'], arguments: [[0, 'path']] },
  ],
};
