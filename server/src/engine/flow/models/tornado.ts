// Tornado: a `RequestHandler` subclass reads the request through `self` (`self.get_argument("q")`,
// `self.request.body`).
import type { FlowModel } from '../spec';

export const tornado: FlowModel = {
  name: 'tornado',
  handlers: [
    {
      framework: 'tornado',
      classBases: ['tornado.web.RequestHandler', 'tornado.websocket.WebSocketHandler'],
      requestFields: [
        'get_argument', 'get_arguments', 'get_query_argument', 'get_query_arguments', 'get_body_argument', 'get_body_arguments',
        'get_cookie', 'get_secure_cookie', 'get_signed_cookie', 'decode_argument', 'request', 'path_args', 'path_kwargs',
      ],
      // The URL's captures arrive as parameters of the HTTP methods only; other methods' are the handler's own.
      parametersUntrusted: false,
      trust: 'remote',
    },
  ],
};
