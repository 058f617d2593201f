import { riskyImport } from './risky-import';

export default riskyImport({
  id: 'PW922',
  name: 'import-ftplib',
  title: 'Import of ftplib (FTP client)',
  bandit: 'B402',
  ruff: 'S402',
  cwe: 319,
  modules: ['ftplib'],
  // Names that only write or build data: importing only these is not reported.
  safeNames: ['FTP_TLS', 'all_errors', 'error_perm', 'error_temp', 'error_reply', 'error_proto'],
  message: (m) =>
    `\`${m}\` is imported: plain FTP is unencrypted; use \`ftplib.FTP_TLS\` or SFTP.`,
  docs: {
    why: 'Plain FTP (`ftplib.FTP`) sends the user name, the password and every file unencrypted, so anyone on the network path reads and can alter them. `FTP_TLS` encrypts the control connection and, after `prot_p()`, the transfers; `from ftplib import FTP_TLS` alone is not reported. Plain FTP sessions themselves are reported by PW509.',
    example: 'import ftplib\n\nftp = ftplib.FTP("files.example.com")',
    safe: 'from ftplib import FTP_TLS\n\nftp = FTP_TLS("files.example.com")\nftp.login("reports", password)\nftp.prot_p()',
    references: [
      'https://cwe.mitre.org/data/definitions/319.html',
      'https://docs.python.org/3/library/ftplib.html#ftplib.FTP_TLS',
      'https://bandit.readthedocs.io/en/latest/blacklists/blacklist_imports.html',
    ],
  },
});
