import { defineRule } from '../../engine/rule';
import { replaceLastName } from './spelling';

export default defineRule({
  meta: {
    id: 'PW509',
    name: 'ftp-cleartext',
    title: 'FTP session without TLS (credentials and files in clear text)',
    category: 'transport',
    // Bandit B321 (blacklist call `ftplib.FTP`): HIGH/HIGH, CWE-319. `login` on an FTP object
    // is reported too, as the line where the password leaves; `FTP_TLS` is not reported.
    severity: 'high',
    confidence: 'high',
    cwe: 319,
    bandit: 'B321',
    ruff: 'S321',
    fixable: true,
    fixApplicability: ['unsafe'],
    offInTests: true,
    docs: {
      what: 'Finds `ftplib.FTP(...)` sessions (not `FTP_TLS`) and `login(user, password)` calls on them.',
      why: 'Plain FTP sends the user name, the password, the commands and the files themselves unencrypted. Anyone on the network path (shared Wi-Fi, a hosting neighbour, a compromised router) reads the credentials and the data, and can alter files in transit. `ftplib.FTP_TLS` negotiates TLS for the control connection (`login()` does it) and, after `prot_p()`, for transfers.',
      example: 'from ftplib import FTP\n\nftp = FTP("files.example.com")\nftp.login("reports", password)\nftp.storbinary("STOR daily.csv", report)',
      safe: 'from ftplib import FTP_TLS\n\nftp = FTP_TLS("files.example.com")\nftp.login("reports", password)  # the control connection is encrypted first\nftp.prot_p()  # encrypt file transfers too\nftp.storbinary("STOR daily.csv", report)\n# Or use SFTP (paramiko.SFTPClient) when the server offers SSH.',
      references: [
        'https://cwe.mitre.org/data/definitions/319.html',
        'https://docs.python.org/3/library/ftplib.html#ftplib.FTP_TLS',
        'https://docs.paramiko.org/en/stable/api/sftp.html',
      ],
    },
  },
  calls: ['ftplib.FTP', 'ftplib.FTP().login'],

  checkCall(call, context) {
    const name = call.callee.text;
    if (call.qualifiedName === 'ftplib.FTP().login') {
      // `login()` without arguments is the anonymous login: no secret crosses the network.
      if (call.arguments.length === 0 && !call.hasStarArgs && !call.hasStarKwargs) return;
      context.report(call.node, {
        message: `\`${name}\` sends the password over plain FTP, readable on the network; use \`ftplib.FTP_TLS\` and \`prot_p()\`.`,
      });
      return;
    }
    const logsIn = call.argument(1, 'user') !== undefined;
    // FTP_TLS takes the same first four positional arguments (host, user, passwd, acct); a fifth
    // (timeout) lands on a different parameter there. The callee must name the class itself.
    const positional = call.arguments.filter((a) => a.index !== undefined).length;
    const binding = call.callee.type === 'identifier' ? context.model.lookup(call.callee.text, call.callee) : undefined;
    const direct = call.callee.type === 'attribute' || binding?.kind === 'import';
    const fixable = direct && positional <= 4 && !call.hasStarArgs;
    context.report(call.node, {
      message: `\`${name}\` opens a plain FTP session: passwords and files cross the network unencrypted; use \`ftplib.FTP_TLS\`.`,
      // Not preferred: the server must support FTPS (AUTH TLS), and transfers stay in clear text
      // until the code calls prot_p().
      fix: !fixable ? undefined : (fixer) => {
        const edits = replaceLastName(call.callee, 'ftplib.FTP', 'FTP_TLS', context, fixer);
        return edits ? [fixer.unsafe('Use ftplib.FTP_TLS', 'the server must support FTPS', edits)] : [];
      },
    });
  },
});
