// The standard library: command-line input, sockets, the environment; eval/exec, processes,
// pickle/marshal, XML parsers, files, regular expressions, logging, urllib; and its sanitizers.
import type { FlowModel, SinkSpec } from '../spec';
import { NO_SHELL_FUNCTIONS, SHELL_FUNCTIONS, SUBPROCESS_FUNCTIONS } from '../../../rules/shell-injection/process-calls';
import { XML_FAMILIES } from '../../../rules/xml/parsers';

/** The rule reporting each XML family (the families are PW701–PW707's own lists). */
const XML_RULES: Record<keyof typeof XML_FAMILIES, string> = {
  cElementTree: 'PW701',
  ElementTree: 'PW702',
  expatreader: 'PW703',
  expatbuilder: 'PW704',
  sax: 'PW705',
  minidom: 'PW706',
  pulldom: 'PW707',
};

const xmlSinks: SinkSpec[] = Object.entries(XML_FAMILIES).flatMap(([family, { module, functions }]) =>
  Object.entries(functions)
    .filter(([, fn]) => fn.data !== undefined)
    .map(([name, fn]) => ({ rule: XML_RULES[family as keyof typeof XML_FAMILIES], kind: 'xml' as const, calls: [`${module}.${name}`], arguments: [fn.data!] })),
);

const PICKLE_MODULES = ['pickle', 'cPickle', '_pickle', 'dill', 'cloudpickle'];
const LOG_METHODS = ['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical'];
/** The module's functions, a `getLogger()` logger, Flask's `app.logger` and Django's `request_logger` (logging.Logger objects). */
const LOGGERS = ['logging', 'logging.getLogger()', 'flask.Flask().logger', 'django.utils.log.request_logger'];
const REGEX_FUNCTIONS = ['compile', 'search', 'match', 'prefixmatch', 'fullmatch', 'findall', 'finditer', 'sub', 'subn', 'split'];

export const stdlib: FlowModel = {
  name: 'stdlib',
  sources: [
    { references: ['sys.argv'], calls: ['builtins.input', 'argparse.ArgumentParser().parse_args', 'argparse.ArgumentParser().parse_known_args', 'getpass.getpass'], trust: 'local' },
    { references: ['sys.stdin'], calls: ['sys.stdin.read', 'sys.stdin.readline', 'fileinput.input'], trust: 'local' },
    { methods: ['recv', 'recvfrom', 'recv_into', 'makefile'], calls: ['socket.socket().recv', 'socket.socket().recvfrom'], trust: 'remote' },
    { references: ['os.environ'], calls: ['os.getenv', 'os.environ.get', 'os.getenvb'], trust: 'environment', optIn: true },
  ],
  handlers: [
    {
      framework: 'http.server',
      classBases: ['http.server.BaseHTTPRequestHandler', 'http.server.SimpleHTTPRequestHandler', 'http.server.CGIHTTPRequestHandler'],
      // The request line, its path and headers, and the body stream (`self.rfile.read(n)`).
      requestFields: ['path', 'headers', 'rfile', 'requestline', 'raw_requestline'],
      parametersUntrusted: false,
      trust: 'remote',
    },
  ],
  sinks: [
    { rule: 'PW202', kind: 'code', calls: ['builtins.eval'], arguments: [[0, 'source']] },
    { rule: 'PW201', kind: 'code', calls: ['builtins.exec'], arguments: [[0, 'source']] },
    { rule: 'PW301', kind: 'shell', calls: SUBPROCESS_FUNCTIONS, arguments: [[0, 'args']], when: 'shell-true' },
    // Without a shell, input that names the program is PWT009's (PW304 and PW306, strict-profile
    // audits of every such call, keep their pattern findings).
    { rule: 'PWT009', kind: 'program', calls: SUBPROCESS_FUNCTIONS, arguments: [[0, 'args']], when: 'no-shell', shape: 'command' },
    { rule: 'PW302', kind: 'shell', calls: Object.keys(SHELL_FUNCTIONS), arguments: [[0, 'cmd'], [0, 'command']] },
    { rule: 'PWT009', kind: 'program', calls: Object.entries(NO_SHELL_FUNCTIONS).filter(([, layout]) => layout.program === 0).map(([name]) => name), arguments: [[0, 'path']] },
    { rule: 'PWT009', kind: 'program', calls: Object.entries(NO_SHELL_FUNCTIONS).filter(([, layout]) => layout.program === 1).map(([name]) => name), arguments: [[1, 'path']] },
    { rule: 'PW101', kind: 'deserialization', calls: PICKLE_MODULES.flatMap((module) => [`${module}.loads`, `${module}.load`, `${module}.Unpickler`]), arguments: [[0, 'data'], [0, 'file']] },
    { rule: 'PW103', kind: 'deserialization', calls: ['marshal.loads', 'marshal.load'], arguments: [[0, 'bytes'], [0, 'file']] },
    { rule: 'PW102', kind: 'deserialization', calls: ['shelve.open'], arguments: [[0, 'filename']] },
    ...xmlSinks,
    {
      rule: 'PWT002',
      kind: 'path',
      calls: ['builtins.open', 'io.open', 'codecs.open', 'os.open', 'os.remove', 'os.unlink', 'os.rmdir', 'os.removedirs', 'os.listdir', 'os.scandir', 'os.makedirs', 'os.mkdir', 'os.chmod', 'os.chown', 'shutil.rmtree', 'tarfile.open', 'zipfile.ZipFile'],
      arguments: [[0, 'file'], [0, 'path']],
    },
    { rule: 'PWT002', kind: 'path', calls: ['os.rename', 'os.replace', 'shutil.copy', 'shutil.copy2', 'shutil.copyfile', 'shutil.copytree', 'shutil.copymode', 'shutil.copystat', 'shutil.move', 'os.symlink', 'os.link'], arguments: [[0, 'src'], [1, 'dst']] },
    // Every segment counts: `Path(BASE, name)` and `BASE / name` with `name` = "/etc/passwd" or "../.." leave BASE.
    { rule: 'PWT002', kind: 'path', calls: ['pathlib.Path', 'pathlib.PurePath', 'pathlib.PosixPath', 'pathlib.WindowsPath'], arguments: [[0, 'args'], [1, 'args'], [2, 'args'], [3, 'args']], slashJoins: true },
    { rule: 'PWT001', kind: 'ssrf', calls: ['urllib.request.urlopen', 'urllib.request.Request', 'urllib.urlopen', 'urllib2.urlopen', 'http.client.HTTPConnection', 'http.client.HTTPSConnection'], arguments: [[0, 'url'], [0, 'host']], shape: 'url' },
    { rule: 'PWT006', kind: 'regex', calls: REGEX_FUNCTIONS.map((fn) => `re.${fn}`), arguments: [[0, 'pattern']] },
    { rule: 'PWT007', kind: 'header', subscriptAssignments: /(^|\.)headers$/, arguments: [] },
    { rule: 'PWT007', kind: 'header', methods: ['send_header', 'putheader', 'add_header'], arguments: [[1, 'value'], [0, 'keyword']] },
    {
      rule: 'PWT008',
      kind: 'log',
      calls: LOGGERS.flatMap((logger) => LOG_METHODS.map((method) => `${logger}.${method}`)),
      arguments: [[0, 'msg']],
    },
    // `log(level, msg)`: the message comes second.
    { rule: 'PWT008', kind: 'log', calls: LOGGERS.map((logger) => `${logger}.log`), arguments: [[1, 'msg']] },
  ],
  pathNormalizers: {
    calls: ['os.path', 'posixpath', 'ntpath'].flatMap((module) => ['normpath', 'realpath', 'abspath'].map((fn) => `${module}.${fn}`)),
    methods: ['resolve'],
  },
  sanitizers: [
    { calls: ['builtins.int', 'builtins.float', 'builtins.bool', 'builtins.len', 'uuid.UUID', 'ipaddress.ip_address', 'ipaddress.ip_network', 'datetime.date.fromisoformat', 'datetime.datetime.fromisoformat', 'decimal.Decimal'] },
    // A quoted program name is still any program the input names.
    { calls: ['shlex.quote', 'pipes.quote'], kinds: ['shell'] },
    { calls: ['html.escape', 'cgi.escape', 'xml.sax.saxutils.escape', 'xml.sax.saxutils.quoteattr'], kinds: ['xss', 'template', 'log', 'header'] },
    { calls: ['os.path.basename', 'posixpath.basename', 'ntpath.basename'], kinds: ['path'] },
    { calls: ['re.escape'], kinds: ['regex', 'xpath', 'ldap'] },
    // Percent-encoded: no CR/LF, no `<`, no `:`, so never a scheme or host of its own (SSRF). `quote`
    // keeps `/` by default, and `//evil.example` is a redirect to another host; the others encode it.
    { calls: ['urllib.parse.quote'], kinds: ['header', 'log', 'xss', 'ssrf'] },
    { calls: ['urllib.parse.quote_plus', 'urllib.parse.urlencode'], kinds: ['redirect', 'header', 'log', 'xss', 'path', 'ssrf'] },
    { calls: ['json.dumps', 'builtins.repr'], kinds: ['log', 'header'] },
    { calls: ['hashlib.*', 'hmac.new', 'hmac.compare_digest', 'base64.b64encode', 'base64.urlsafe_b64encode', 'binascii.hexlify'] },
    { methods: ['isdigit', 'isnumeric', 'isalnum', 'isidentifier', 'hexdigest', 'digest'] },
  ],
  noReturn: ['sys.exit', 'builtins.exit', 'os._exit', 'os.abort'],
  opaqueAttributes: ['__class__', '__name__', '__qualname__', '__module__', '__doc__'],
  opaque: ['mimetypes.guess_type', 'mimetypes.guess_extension', 'email.utils.formatdate', 'time.strftime', 'datetime.datetime.now', 'datetime.datetime.utcnow', 'builtins.isinstance', 'builtins.issubclass', 'builtins.hash', 'builtins.id', 'builtins.type', 'builtins.callable', 'builtins.hasattr', 'os.path.exists', 'os.path.isfile', 'os.path.isdir', 'time.time'],
};
