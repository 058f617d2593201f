import { defineFileRule } from '../../engine/file-rule';
import type { UrlRef } from '../../manifests/model';
import { isFullCommit } from '../../manifests/url';
import { MANIFEST_RULE_KINDS, manifestOf } from './shared';

export default defineFileRule({
  meta: {
    id: 'PWD107',
    name: 'vcs-unpinned-ref',
    title: 'VCS dependency not pinned to a commit',
    category: 'supply-chain',
    severity: 'medium',
    confidence: 'high',
    cwe: 829,
    fixable: false,
    docs: {
      what: 'Finds dependencies installed from a version-control URL (`git+https://…`, Poetry/uv/Pipfile `git = …`) whose revision is a branch, a tag or missing, rather than a full 40-character commit hash.',
      why: 'A branch moves and a tag can be re-pointed: whoever can push to that repository (or takes over the account) changes what your next install runs, with no version number or hash to notice it by. Only a full commit hash names immutable content.',
      example: '-e git+https://github.com/org/lib.git@main#egg=lib\nother @ git+https://github.com/org/other.git@v1.2',
      safe: '-e git+https://github.com/org/lib.git@3f1c2a9e5b7d4c6a8e0f1b2c3d4e5f6a7b8c9d0e#egg=lib  # main, 2024-05-01',
      language: 'requirements',
      references: ['https://cwe.mitre.org/data/definitions/829.html', 'https://pip.pypa.io/en/stable/topics/vcs-support/'],
    },
  },
  kinds: MANIFEST_RULE_KINDS,

  check(context) {
    const manifest = manifestOf(context);
    if (!manifest) return;
    const report = (url: UrlRef, subject: string) => {
      const vcs = url.vcs!;
      const range = vcs.refRange ?? url.range;
      const what = vcs.ref ? `the ${/^[0-9a-f]{7,39}$/i.test(vcs.ref) ? 'abbreviated commit' : 'branch or tag'} \`${vcs.ref}\`` : 'no revision (the default branch)';
      context.report(range.start, range.end, {
        message: `${subject} is installed from ${vcs.scheme} at ${what}, which can change under you: whoever can push to the repository decides what the next install runs. Pin the full 40-character commit hash.`,
      });
    };
    for (const requirement of manifest.requirements) {
      if (requirement.url?.vcs && !isFullCommit(requirement.url.vcs.ref)) report(requirement.url, `\`${requirement.name || requirement.url.url}\``);
    }
    for (const source of manifest.packageSources) {
      if (source.url?.vcs && !isFullCommit(source.url.vcs.ref)) report(source.url, `\`${source.name}\``);
    }
  },
});
