import { defineFileRule } from '../../engine/file-rule';
import { isReleaseJob } from '../../workflows/knowledge';
import { readableWorkflow } from '../../workflows/workflow';
import { scalarLines } from '../../workflows/yaml';

/** `pip install …`, `python -m pip install …`, `uv pip install …`, up to the end of the command. */
const INSTALL = /\b(?:python3?\s+-m\s+pip|pip3?|uv\s+pip)\s+install\b([^\n;&|#]*)/g;

export default defineFileRule({
  meta: {
    id: 'PWA007',
    name: 'unpinned-install-in-release-job',
    title: 'Unlocked package install in a release job',
    category: 'ci',
    severity: 'medium',
    confidence: 'medium',
    cwe: 494,
    fixable: false,
    docs: {
      what: 'Finds `pip install name` (also `python -m pip` and `uv pip`) of packages by name, without a lock file or hashes, in jobs that publish a package or a release.',
      why: 'A release job holds the most valuable credentials (a publishing token or OpenID Connect identity, a write token). Installing whatever version of a package the index serves at that moment lets a compromised or typosquatted release of a build tool run code right where your release is built and signed, and ship inside it.',
      example: 'jobs:\n  release:\n    steps:\n      - run: pip install build twine\n      - run: python -m build',
      safe: 'jobs:\n  release:\n    steps:\n      # requirements-release.txt made with: pip-compile --generate-hashes\n      - run: pip install --require-hashes -r requirements-release.txt\n      - run: python -m build',
      language: 'yaml',
      references: [
        'https://cwe.mitre.org/data/definitions/494.html',
        'https://pip.pypa.io/en/stable/topics/secure-installs/',
        'https://docs.astral.sh/uv/concepts/projects/sync/',
      ],
    },
  },
  kinds: ['workflow'],

  check(context) {
    const workflow = readableWorkflow(context);
    if (!workflow) return;
    const text = context.text;
    for (const job of workflow.jobs) {
      if (!isReleaseJob(job, text)) continue;
      for (const step of job.steps) {
        if (!step.run) continue;
        for (const line of scalarLines(step.run, text)) {
          for (const match of line.text.matchAll(INSTALL)) {
            const packages = namedPackages(match[1]);
            if (packages.length === 0) continue;
            const start = line.start + match.index!;
            context.report(start, start + match[0].trimEnd().length, {
              message: `This release job installs ${packages.map((p) => `\`${p}\``).join(', ')} from the index without a lock or hashes: a compromised or hijacked release of ${packages.length === 1 ? 'it' : 'any of them'} would run where your package is built and published. Install from a hashed lock file (\`pip install --require-hashes -r requirements-release.txt\`, or \`uv sync --locked\`).`,
            });
          }
        }
      }
    }
  },
});

/** The requirement names in pip's arguments; none when they come from a file or a local path. */
function namedPackages(args: string): string[] {
  const words = args.trim().split(/\s+/).filter(Boolean);
  if (words.some((word) => word === '--require-hashes' || /^(-r|--requirement|-c|--constraint)(=|$)/.test(word) || /^-r\S/.test(word))) return [];
  const names: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i].replace(/^["']|["']$/g, '');
    if (/^(-e|--editable|-f|--find-links|-i|--index-url|--extra-index-url|-t|--target|--prefix|--root|--python)$/.test(word)) {
      i++;
      continue;
    }
    if (word.startsWith('-') || word.startsWith('$')) continue;
    // Local projects, wheels and archives: what the job built or checked out.
    if (/^[./~]|[/\\]|\.(whl|tar\.gz|zip)$/.test(word)) continue;
    if (/^[A-Za-z0-9][\w.-]*(\[[\w,.-]+\])?([<>=!~].*)?$/.test(word)) names.push(word);
  }
  return names;
}
