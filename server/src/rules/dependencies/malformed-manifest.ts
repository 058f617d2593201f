import { defineFileRule } from '../../engine/file-rule';
import { MANIFEST_RULE_KINDS, manifestOf } from './shared';

const TOOL: Record<string, string> = {
  requirements: 'pip',
  pyproject: 'pip, uv and Poetry',
  pylock: 'the installer',
  'setup-cfg': 'setuptools',
  'setup-py': 'setuptools',
  pipfile: 'pipenv',
};

export default defineFileRule({
  meta: {
    id: 'PWD111',
    name: 'malformed-manifest',
    title: 'Dependency manifest that cannot be read',
    category: 'supply-chain',
    severity: 'medium',
    confidence: 'high',
    cwe: 710,
    fixable: false,
    docs: {
      what: 'Reports syntax errors in dependency manifests (invalid TOML, a requirement that is not valid PEP 508, an unknown pip option), once per error, at its position.',
      why: 'A manifest the tools cannot read is not installed the way it says: the install fails, or — worse — a tool that skips what it cannot parse installs without a constraint, an index setting or a hash. Security checks that read the file (this one included) cannot vouch for what they cannot parse either.',
      example: '[project]\ndependencies = ["requests>=2" "flask"]',
      safe: '[project]\ndependencies = ["requests>=2", "flask"]',
      language: 'toml',
      references: ['https://cwe.mitre.org/data/definitions/710.html', 'https://packaging.python.org/en/latest/specifications/dependency-specifiers/', 'https://toml.io/en/v1.0.0'],
    },
  },
  kinds: MANIFEST_RULE_KINDS,

  check(context) {
    const manifest = manifestOf(context);
    if (!manifest) return;
    for (const problem of manifest.problems) {
      context.report(problem.start, problem.end, {
        message: `${capitalize(problem.message)}: ${TOOL[manifest.kind]} will reject this file or misread it, and its dependencies cannot be checked. Fix the syntax.`,
      });
    }
  },
});

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
