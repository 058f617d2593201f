import { defineFileRule } from '../../engine/file-rule';
import { unsafeFix, type TextEdit } from '../../engine/fixer';
import { manifestOf } from './shared';

export default defineFileRule({
  meta: {
    id: 'PWD109',
    name: 'trusted-host',
    title: 'TLS verification disabled for a package host',
    category: 'supply-chain',
    severity: 'high',
    confidence: 'high',
    cwe: 295,
    fixable: true,
    fixApplicability: ['unsafe'],
    docs: {
      what: 'Finds `--trusted-host` in requirements files, uv\'s `allow-insecure-host`, and Pipfile sources with `verify_ssl = false`.',
      why: 'A trusted host is contacted without checking its TLS certificate (and over plain HTTP if asked). Anyone who can intercept the connection can impersonate the index and serve modified packages, which run on install. It is usually added to silence a certificate error that has a proper fix: installing the organisation\'s CA certificate.',
      example: '--index-url https://pypi.internal.example.com/simple\n--trusted-host pypi.internal.example.com',
      safe: '--index-url https://pypi.internal.example.com/simple\n# and trust the internal CA instead: pip config set global.cert /etc/ssl/certs/internal-ca.pem',
      language: 'requirements',
      references: ['https://cwe.mitre.org/data/definitions/295.html', 'https://pip.pypa.io/en/stable/topics/https-certificates/', 'https://docs.astral.sh/uv/reference/settings/#allow-insecure-host'],
    },
  },
  kinds: ['requirements', 'pyproject', 'pipfile'],

  check(context) {
    const manifest = manifestOf(context);
    if (!manifest) return;
    for (const trusted of manifest.trustedHosts) {
      const { start, end } = trusted.range;
      context.report(start, end, {
        message: `${trusted.origin === 'verify_ssl = false' ? `\`verify_ssl = false\` turns off certificate checks for \`${trusted.host}\`` : `\`${trusted.origin} ${trusted.host}\` turns off certificate checks for that host`}: anyone who can intercept the connection can serve their own packages. Trust the host's CA certificate instead (pip \`--cert\`, \`SSL_CERT_FILE\`) and remove it.`,
        fix: () => {
          const edit = removal(context.text, trusted.origin, trusted.declarationRange);
          return edit ? [unsafeFix(trusted.origin === 'verify_ssl = false' ? 'Set verify_ssl = true' : `Remove ${trusted.origin}`, 'installs fail until the host\'s certificate is trusted', edit)] : [];
        },
      });
    }
  },
});

/** Deletes a `--trusted-host` line (with its line break) or turns `verify_ssl` back on. */
function removal(text: string, origin: string, range: { start: number; end: number }): TextEdit | undefined {
  if (origin === 'verify_ssl = false') return { ...range, newText: 'true' };
  if (origin !== '--trusted-host') return undefined;
  const lineStart = text.lastIndexOf('\n', range.start - 1) + 1;
  const newline = text.indexOf('\n', range.end);
  const lineEnd = newline === -1 ? text.length : newline + 1;
  // Only when the option is alone on its line (comments aside).
  const rest = text.slice(range.end, newline === -1 ? text.length : newline).replace(/\r$/, '');
  if (text.slice(lineStart, range.start).trim() !== '' || (rest.trim() !== '' && !rest.trim().startsWith('#'))) return undefined;
  return { start: lineStart, end: lineEnd, newText: '' };
}
