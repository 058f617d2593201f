import type { Node } from 'web-tree-sitter';
import { defineRule, type FileContext, type RuleContext } from '../../engine/rule';
import type { Fixer } from '../../engine/fixer';
import type { CallSite } from '../../engine/sites';
import { archiveKind } from './archives';
import { valueOfName } from './file-values';

/** Named filters that keep members inside the destination (`tar` also refuses `..` and absolute links). */
const SAFE_FILTERS = new Set(['data', 'tar']);
const SAFE_FILTER_FUNCTIONS = new Set(['tarfile.data_filter', 'tarfile.tar_filter']);
const TRUSTING_FILTER_FUNCTIONS = new Set(['tarfile.fully_trusted_filter']);
/** Methods of TarFile that list members without checking them. */
const MEMBER_LISTS = new Set(['getmembers', 'getnames']);

const TAR_FORMATS = new Set(['tar', 'gztar', 'bztar', 'xztar', 'zstdtar']);
const TAR_NAME = /\.(?:tar|tgz|tbz2?|txz|tzst|tar\.(?:gz|bz2|xz|zst))$/i;
const ZIP_NAME = /\.zip$/i;

type Members = 'unchecked' | 'checked' | 'unknown';

export default defineRule({
  meta: {
    id: 'PW955',
    name: 'tarfile-unsafe-extraction',
    title: 'Tar archive extracted without a safe filter',
    category: 'filesystem',
    // Bandit's B202 defaults: high/high without member checks, medium/medium when `members=`
    // is something it cannot judge (B202 gives low/low to a function call there; here a call
    // of the project's own function counts as the check and is not reported).
    severity: 'high',
    confidence: 'high',
    cwe: 22,
    bandit: 'B202',
    ruff: 'S202',
    fixable: true,
    fixApplicability: ['unsafe'],
    offInTests: true,
    docs: {
      what: 'Finds `TarFile.extractall` and `TarFile.extract` on archives opened with `tarfile.open`, `tarfile.TarFile` (directly, through a name, `with … as tar`, `contextlib.closing`, or a parameter annotated `tarfile.TarFile`; with medium confidence, also on unannotated parameters in modules that import `tarfile`) and `shutil.unpack_archive` of tar files, without `filter="data"` or `filter="tar"` (or with `filter="fully_trusted"`), unless `members=` is a list the code filtered itself. From Python 3.14 on `"data"` is the default, so when the project requires 3.14 only an explicit `"fully_trusted"` is reported. The fix adds `filter="data"` when the project\'s `requires-python` guarantees the argument (3.12 or later).',
      why: 'Tar members carry their own paths and link targets. Without a filter, a crafted archive with a member named `../../home/app/.bashrc`, an absolute path, or a symlink pointing outside the destination followed by a file written through it, writes files anywhere the process can write (CVE-2007-4559, "tar slip") — often straight to code execution. The `data` filter (PEP 706) rejects all of these and strips dangerous permission bits.',
      example: 'import tarfile\n\nwith tarfile.open(upload_path) as archive:\n    archive.extractall(dest)',
      safe: 'import tarfile\n\nwith tarfile.open(upload_path) as archive:\n    archive.extractall(dest, filter="data")  # Python 3.12+, 3.11.4+, 3.10.12+, 3.9.17+, 3.8.17+',
      references: [
        'https://cwe.mitre.org/data/definitions/22.html',
        'https://docs.python.org/3/library/tarfile.html#tarfile-extraction-filter',
        'https://peps.python.org/pep-0706/',
        'https://nvd.nist.gov/vuln/detail/CVE-2007-4559',
      ],
    },
  },
  methods: ['extractall', 'extract'],
  calls: ['shutil.unpack_archive'],

  checkCall(call, context) {
    if (call.qualifiedName === 'shutil.unpack_archive') {
      checkUnpackArchive(call, context);
      return;
    }
    if (call.callee.type !== 'attribute') return;
    const receiver = call.callee.childForFieldName('object')!;
    const kind = archiveKind(receiver, context.model);
    // An unannotated parameter in a module that uses tarfile (`def restore(archive, dest)`): as
    // Bandit does, but with medium confidence.
    const guessed = kind === undefined && isPlainParameter(receiver, context) && context.model.spell('tarfile.TarFile', call.node) !== undefined;
    if (kind !== 'tar' && !guessed) return;
    const confidence = guessed ? 'medium' : undefined;
    const filter = call.keyword('filter');
    const verdict = filterVerdict(filter?.value, context);
    if (verdict === 'safe') return;
    if (!filter && call.hasStarKwargs) return;
    const written = `\`${call.callee.text}\``;
    if (verdict === 'trusting') {
      context.report(call.node, {
        message: `${written} with \`fully_trusted\` lets \`../\` paths write anywhere (tar slip); use \`filter="data"\`.`,
        confidence,
        fix: (fixer) => filterFix(call, context.file, fixer),
      });
      return;
    }
    if (atLeast(context.file, [3, 14])) return;
    const members = call.methodName === 'extractall' ? membersVerdict(call, context) : 'unchecked';
    if (members === 'checked') return;
    const what = call.methodName === 'extractall' ? 'extracts every member' : 'extracts the member';
    // Which Python versions accept `filter=` is in the rule's documentation.
    context.report(call.node, {
      message: `${written} ${what} as named: \`../\` paths write anywhere (tar slip); pass \`filter="data"\`.`,
      severity: members === 'unknown' ? 'medium' : undefined,
      confidence: members === 'unknown' ? 'medium' : confidence,
      fix: (fixer) => filterFix(call, context.file, fixer),
    });
  },
});

function isPlainParameter(receiver: Node, context: RuleContext): boolean {
  if (receiver.type !== 'identifier') return false;
  const binding = context.model.lookup(receiver.text, receiver);
  if (binding?.kind !== 'param') return false;
  return context.model.nodeAt(binding.start, binding.end)?.parent?.type === 'parameters';
}

/** Whether the project's minimum Python is known to be at least `version`. */
function atLeast(file: FileContext, version: readonly [number, number]): boolean {
  const minimum = file.minimumPython;
  return !!minimum && (minimum[0] > version[0] || (minimum[0] === version[0] && minimum[1] >= version[1]));
}

function filterVerdict(value: Node | undefined, context: RuleContext): 'safe' | 'trusting' | 'none' {
  if (!value) return 'none';
  const literal = context.model.literal(value);
  if (literal) {
    if (literal.value === null) return 'none';
    if (typeof literal.value === 'string') return SAFE_FILTERS.has(literal.value) ? 'safe' : literal.value === 'fully_trusted' ? 'trusting' : 'safe';
    return 'safe';
  }
  const name = context.model.resolve(value);
  if (name && TRUSTING_FILTER_FUNCTIONS.has(name)) return 'trusting';
  // `tarfile.data_filter`, or a filter function of the project's own.
  return 'safe';
}

/**
 * What `members=` holds: unchecked (absent, `tar.getmembers()`), checked (a comprehension with a
 * condition, or what a function of the project's own returns), or unknown (anything else).
 */
function membersVerdict(call: CallSite, context: RuleContext): Members {
  const members = call.argument(1, 'members');
  if (!members) return 'unchecked';
  return judgeMembers(members.value, context, 0);
}

function judgeMembers(value: Node, context: RuleContext, depth: number): Members {
  if (depth > 3) return 'unknown';
  switch (value.type) {
    case 'none':
      return 'unchecked';
    case 'list_comprehension':
    case 'generator_expression':
    case 'set_comprehension':
      return value.namedChildren.some((child) => child?.type === 'if_clause') ? 'checked' : 'unknown';
    case 'call': {
      const callee = value.childForFieldName('function');
      if (!callee) return 'unknown';
      if (callee.type === 'attribute' && MEMBER_LISTS.has(callee.childForFieldName('attribute')?.text ?? '')) return 'unchecked';
      // `members=safe_members(tar)`, `filter(is_safe, tar)`: the project's own check.
      return 'checked';
    }
    case 'identifier': {
      const assigned = valueOfName(value, context.model);
      return assigned ? judgeMembers(assigned, context, depth + 1) : 'unknown';
    }
    default:
      return 'unknown';
  }
}

/** `filter="data"`, only when every Python the project supports has the argument. */
function filterFix(call: CallSite, file: FileContext, fixer: Fixer) {
  if (!atLeast(file, [3, 12]) || !call.argumentList) return [];
  return [fixer.unsafe('Extract with filter="data"', 'links leaving the folder, device files and absolute paths are refused; set-uid bits dropped', fixer.setKeyword(call, 'filter', '"data"'))];
}

/** `shutil.unpack_archive` hands tar files to `TarFile.extractall` with the same `filter`. */
function checkUnpackArchive(call: CallSite, context: RuleContext): void {
  const filter = call.keyword('filter');
  const verdict = filterVerdict(filter?.value, context);
  if (verdict === 'safe' || (!filter && call.hasStarKwargs)) return;
  if (verdict === 'none' && atLeast(context.file, [3, 14])) return;
  const kind = unpackedKind(call, context);
  if (kind === 'zip') return;
  const written = `\`${call.callee.text}\``;
  const risk = verdict === 'trusting' ? 'with the `fully_trusted` filter extracts tar members' : 'extracts tar members';
  if (kind === 'tar') {
    context.report(call.node, {
      message: `${written} ${risk} as named: \`../\` paths write anywhere (tar slip); pass \`filter="data"\`.`,
      fix: (fixer) => filterFix(call, context.file, fixer),
    });
    return;
  }
  context.report(call.node, {
    message: `${written} ${risk} as named: \`../\` paths write anywhere (tar slip); pass \`filter="data"\`.`,
    severity: 'medium',
    confidence: 'medium',
  });
}

function unpackedKind(call: CallSite, context: RuleContext): 'tar' | 'zip' | undefined {
  const format = call.argument(2, 'format');
  if (format) {
    const literal = context.model.literal(format.value);
    if (literal && typeof literal.value === 'string') return TAR_FORMATS.has(literal.value) ? 'tar' : literal.value === 'zip' ? 'zip' : undefined;
    return undefined;
  }
  const filename = call.argument(0, 'filename');
  const literal = filename && context.model.literal(filename.value);
  if (literal && typeof literal.value === 'string') {
    if (TAR_NAME.test(literal.value)) return 'tar';
    if (ZIP_NAME.test(literal.value)) return 'zip';
  }
  return undefined;
}
