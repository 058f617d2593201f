// aiohttp: handlers' `web.Request` (match_info, query, post(), json()), and the client's URLs.
import type { FlowModel } from '../spec';

const CLIENT_METHODS = ['get', 'post', 'put', 'delete', 'patch', 'head', 'options', 'ws_connect'];

export const aiohttp: FlowModel = {
  name: 'aiohttp',
  handlers: [
    {
      framework: 'aiohttp',
      decorators: ['aiohttp.web.RouteTableDef().*', 'aiohttp.web.RouteTableDef().route'],
      requestAnnotations: ['aiohttp.web.Request', 'aiohttp.web.BaseRequest', 'aiohttp.web_request.Request'],
      requestFields: ['match_info', 'query', 'rel_url', 'url', 'headers', 'cookies', 'post', 'json', 'text', 'read', 'content', 'path', 'path_qs', 'query_string', 'multipart'],
      parametersUntrusted: false,
      trust: 'remote',
    },
  ],
  sinks: [
    {
      rule: 'PWT001',
      kind: 'ssrf',
      calls: [...CLIENT_METHODS.map((method) => `aiohttp.ClientSession().${method}`), 'aiohttp.request'],
      arguments: [[0, 'url']],
      shape: 'url',
    },
    { rule: 'PWT001', kind: 'ssrf', calls: ['aiohttp.ClientSession().request'], arguments: [[1, 'url']], shape: 'url' },
    { rule: 'PWT003', kind: 'redirect', calls: ['aiohttp.web.HTTPFound', 'aiohttp.web.HTTPSeeOther', 'aiohttp.web.HTTPMovedPermanently', 'aiohttp.web.HTTPTemporaryRedirect'], arguments: [[0, 'location']], shape: 'redirect' },
    { rule: 'PWT002', kind: 'path', calls: ['aiohttp.web.FileResponse'], arguments: [[0, 'path']] },
  ],
};
