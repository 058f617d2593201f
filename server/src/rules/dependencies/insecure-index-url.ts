import { unsafeFix } from '../../engine/fixer';
import { defineFileRule } from '../../engine/file-rule';
import type { UrlRef } from '../../manifests/model';
import { httpSchemeEnd, isInsecureUrl } from '../../manifests/url';
import { MANIFEST_RULE_KINDS, manifestOf } from './shared';

export default defineFileRule({
  meta: {
    id: 'PWD108',
    name: 'insecure-index-url',
    title: 'Packages downloaded over plain HTTP',
    category: 'supply-chain',
    severity: 'high',
    confidence: 'high',
    cwe: 319,
    fixable: true,
    fixApplicability: ['unsafe'],
    docs: {
      what: 'Finds package indexes, `--find-links` locations, direct archive and VCS URLs, and lock-file artifact URLs that use `http://` (localhost excepted).',
      why: 'Anything on the network path — a café Wi-Fi, a compromised router, a proxy — can rewrite an HTTP response. For a package download that means replacing the code you install, which then runs at install and import time with your credentials. HTTP also exposes index credentials embedded in the URL.',
      example: '--index-url http://pypi.internal.example.com/simple\nmylib @ http://files.example.com/mylib-1.0.tar.gz',
      safe: '--index-url https://pypi.internal.example.com/simple\nmylib @ https://files.example.com/mylib-1.0.tar.gz',
      language: 'requirements',
      references: ['https://cwe.mitre.org/data/definitions/319.html', 'https://pip.pypa.io/en/stable/topics/https-certificates/'],
    },
  },
  kinds: MANIFEST_RULE_KINDS,

  check(context) {
    const manifest = manifestOf(context);
    if (!manifest) return;
    const report = (url: UrlRef, what: string) => {
      if (!isInsecureUrl(url.url)) return;
      const { start, end } = url.range;
      const writtenAsIs = context.text.slice(start, end) === url.url;
      context.report(start, end, {
        message: `${what} uses plain HTTP: anyone on the network path can replace the packages downloaded from it with their own code. Use https://.`,
        fix: () => (writtenAsIs ? [unsafeFix('Use https://', 'the index must serve HTTPS', { start: start + httpSchemeEnd(url.url), end: start + httpSchemeEnd(url.url), newText: 's' })] : []),
      });
    };
    for (const index of manifest.indexes) report(index, index.role === 'find-links' ? `The find-links location \`${index.url}\`` : `The package index \`${index.url}\` (${index.origin})`);
    for (const requirement of manifest.requirements) if (requirement.url) report(requirement.url, `The URL of \`${requirement.name || requirement.url.url}\``);
    for (const source of manifest.packageSources) if (source.url) report(source.url, `The source of \`${source.name}\``);
    for (const artifact of manifest.artifacts) if (artifact.url) report(artifact.url, `The ${artifact.kind} URL of \`${artifact.packageName}\``);
    for (const include of manifest.includes) report({ url: include.target, range: include.range }, `The included file \`${include.target}\``);
  },
});
