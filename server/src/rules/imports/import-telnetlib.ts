import { riskyImport } from './risky-import';

export default riskyImport({
  id: 'PW921',
  name: 'import-telnetlib',
  title: 'Import of telnetlib (Telnet client)',
  bandit: 'B401',
  ruff: 'S401',
  cwe: 319,
  modules: ['telnetlib'],
  message: (m) =>
    `\`${m}\` is imported: Telnet is unencrypted and unauthenticated (removed in 3.13); use SSH.`,
  docs: {
    why: 'Telnet has neither encryption nor server authentication: credentials, commands and output cross the network as plain text, readable and alterable by anyone on the path. `telnetlib` was deprecated by PEP 594 and removed in Python 3.13. The Telnet sessions themselves are reported by PW508.',
    example: 'import telnetlib\n\nsession = telnetlib.Telnet("switch01.example.net")',
    safe: 'import paramiko\n\nclient = paramiko.SSHClient()\nclient.load_system_host_keys()\nclient.connect("switch01.example.net", username="netops")',
    references: [
      'https://cwe.mitre.org/data/definitions/319.html',
      'https://peps.python.org/pep-0594/#telnetlib',
      'https://bandit.readthedocs.io/en/latest/blacklists/blacklist_imports.html',
    ],
  },
});
