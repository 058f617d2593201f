import { defineFileRule } from '../../engine/file-rule';
import { includeCycle, isUncheckableInclude, resolveInclude } from '../../manifests/project-manifests';
import { filePath, manifestOf } from './shared';

export default defineFileRule({
  meta: {
    id: 'PWD112',
    name: 'unresolvable-include',
    title: 'Requirements include that is missing or circular',
    category: 'supply-chain',
    severity: 'medium',
    confidence: 'high',
    cwe: 710,
    fixable: false,
    docs: {
      what: 'Finds `-r`/`-c` includes in requirements files whose target does not exist (relative to the including file, as pip resolves it), and includes that lead back to the file itself.',
      why: 'A missing include fails the install or, in tools that skip it, silently drops the constraints and hashes it held, so unpinned versions get installed. A cycle makes pip recurse until it gives up. Either way what is deployed is not what the files say.',
      example: '# requirements/prod.txt\n-r base.txt        # requirements/base.txt does not exist\n-c constraints.txt # constraints.txt includes prod.txt again',
      safe: '# requirements/prod.txt\n-r common.txt\n-c ../constraints.txt',
      language: 'requirements',
      references: ['https://cwe.mitre.org/data/definitions/710.html', 'https://pip.pypa.io/en/stable/reference/requirements-file-format/#referring-to-other-requirements-files'],
    },
  },
  kinds: ['requirements'],

  check(context) {
    const manifest = manifestOf(context);
    if (!manifest || context.file.path === undefined) return;
    const path = filePath(context);
    for (const include of manifest.includes) {
      if (isUncheckableInclude(include)) continue;
      const target = resolveInclude(path, include);
      const option = include.type === 'requirements' ? '-r' : '-c';
      if (context.project.readText(target) === undefined) {
        context.report(include.range.start, include.range.end, {
          message: `\`${option} ${include.target}\` names \`${target}\`, which does not exist (pip resolves includes relative to the including file): the install fails, or a tool that skips it installs without its pins and hashes. Fix the path.`,
        });
        continue;
      }
      const cycle = includeCycle(context.project, path, include);
      if (cycle) {
        context.report(include.range.start, include.range.end, {
          message: `\`${option} ${include.target}\` leads back to this file (${[path, ...cycle].join(' → ')}): pip recurses until it fails. Remove one of the includes in the cycle.`,
        });
      }
    }
  },
});
