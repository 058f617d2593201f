import { riskyImport } from './risky-import';

export default riskyImport({
  id: 'PW931',
  name: 'import-xmlrpc',
  title: 'Import of xmlrpc (XML-RPC client or server)',
  bandit: 'B411',
  ruff: 'S411',
  cwe: 20,
  modules: ['xmlrpc', 'xmlrpclib', 'SimpleXMLRPCServer', 'DocXMLRPCServer'],
  message: (m) =>
    `\`${m}\` is imported: it parses network XML unhardened; call \`defusedxml.xmlrpc.monkey_patch()\` first.`,
  docs: {
    why: 'Both the XML-RPC client and server parse XML that comes from the network, with parsers open to entity-expansion attacks ("billion laughs", decompression bombs in gzip-encoded bodies) that exhaust memory and CPU. `defusedxml.xmlrpc.monkey_patch()` hardens them. An XML-RPC server also exposes whatever functions are registered, so registering an object with `allow_dotted_names=True` lets clients reach its internals.',
    example: 'from xmlrpc.server import SimpleXMLRPCServer\n\nserver = SimpleXMLRPCServer(("0.0.0.0", 8000))',
    safe: 'from xmlrpc.server import SimpleXMLRPCServer\n\nimport defusedxml.xmlrpc\n\ndefusedxml.xmlrpc.monkey_patch()\nserver = SimpleXMLRPCServer(("127.0.0.1", 8000))',
    references: [
      'https://cwe.mitre.org/data/definitions/20.html',
      'https://docs.python.org/3/library/xmlrpc.html',
      'https://github.com/tiran/defusedxml',
      'https://bandit.readthedocs.io/en/latest/blacklists/blacklist_imports.html',
    ],
  },
});
