import type { Node } from 'web-tree-sitter';
import { defineRule, type RuleContext } from '../../engine/rule';
import type { Fixer } from '../../engine/fixer';
import type { Argument, CallSite } from '../../engine/sites';
import { STAT_BITS, brief, modeValue, octal, valueOfName, type Mode } from './file-values';

const OS_FUNCTIONS = new Set(['os.chmod', 'os.lchmod', 'os.fchmod', 'posix.chmod', 'posix.lchmod', 'posix.fchmod']);

const S_IWOTH = STAT_BITS.S_IWOTH;
const S_IWGRP = STAT_BITS.S_IWGRP;
/** Anything for other users, or group write/execute: too much for a key or a credentials file. */
const PRIVATE_FILE_EXCESS = 0o077 & ~STAT_BITS.S_IRGRP;

/** Paths of files that must stay private: keys, credentials, secrets. */
const SENSITIVE_PATH = /(?:^|[/\\.])(?:id_(?:rsa|dsa|ecdsa|ed25519)|\.ssh|\.gnupg|\.netrc|\.pgpass|\.env|\.htpasswd|htpasswd|shadow|credentials?|secrets?|passwords?|passwd|tokens?|private)(?:[/\\._-]|$)|\.(?:pem|key|p12|pfx|jks|keystore|kdbx|ppk)$/i;
/** Words of variable names that hold such paths: `key_file`, `ssh_key_path`, `credentials`. */
const SENSITIVE_WORDS = new Set(['key', 'keys', 'keyfile', 'privkey', 'pem', 'ssh', 'secret', 'secrets', 'password', 'passwd', 'token', 'tokens', 'credential', 'credentials', 'creds', 'keystore', 'netrc', 'pgpass', 'shadow', 'htpasswd', 'private']);

export default defineRule({
  meta: {
    id: 'PW951',
    name: 'permissive-file-permissions',
    title: 'File permissions that let other users write (or read private files)',
    category: 'filesystem',
    // Bandit's B103 reports world-writable modes as high and group-writable or group/other
    // executable ones as medium, all with high confidence. Here: world-writable high,
    // group-writable medium, and execute bits alone only on private files (keys, credentials),
    // where any access for other users is reported as medium; `0o755` on a script is normal.
    severity: 'high',
    confidence: 'high',
    cwe: 732,
    bandit: 'B103',
    ruff: 'S103',
    fixable: true,
    fixApplicability: ['unsafe'],
    offInTests: true,
    docs: {
      what: 'Finds `os.chmod`, `os.lchmod`, `os.fchmod` and `Path.chmod` / `Path.lchmod` (and `chmod` methods of other objects, such as an SFTP client) setting a mode that lets group members or all users write the file, given as a number (`0o777`, `0o666`, `511`) or as `stat` constants (`stat.S_IWOTH`, `stat.S_IRWXO`). On files whose name says they are private (keys, `.pem`, `id_rsa`, credentials, `.netrc`…) any access for other users is reported too. Execute bits alone (`0o755`) are not reported on ordinary files, unlike Bandit.',
      why: 'A world-writable file can be changed by every local account and every compromised service on the machine: a script or configuration file that this program later runs or trusts becomes a way to run code as this program\'s user, and a data file can be replaced. Group-writable files extend the same to everyone in the group. Private keys and credentials readable by others are simply disclosed.',
      example: 'import os\nimport stat\n\nos.chmod("/srv/app/hooks/deploy.sh", 0o777)\nos.chmod(key_file, stat.S_IRWXU | stat.S_IRWXO)',
      safe: 'import os\n\nos.chmod("/srv/app/hooks/deploy.sh", 0o755)\nos.chmod(key_file, 0o600)',
      references: [
        'https://cwe.mitre.org/data/definitions/732.html',
        'https://docs.python.org/3/library/os.html#os.chmod',
        'https://docs.python.org/3/library/stat.html#stat.S_IWOTH',
      ],
    },
  },
  methods: ['chmod', 'lchmod', 'fchmod'],
  calls: [...OS_FUNCTIONS],

  checkCall(call, context) {
    const target = chmodTarget(call, context);
    if (!target) return;
    const mode = modeValue(target.mode.value, context.model);
    if (!mode) return;
    const written = `\`${brief(call.callee.text, 30)}\``;
    const fix = (fixer: Fixer, bits: number, why: string) => literalFix(target.mode, mode, bits, why, fixer);
    if (mode.bits & S_IWOTH) {
      const safer = mode.bits & ~(S_IWOTH | S_IWGRP);
      context.report(call.node, {
        message: `${written} makes the file writable by every user; drop write access for group and others (\`${octal(safer)}\`).`,
        confidence: target.confidence,
        fix: (fixer) => fix(fixer, safer, 'no write for group and others'),
      });
      return;
    }
    if (mode.bits & S_IWGRP) {
      const safer = mode.bits & ~S_IWGRP;
      context.report(call.node, {
        message: `${written} makes the file writable by its whole group; drop group write (\`${octal(safer)}\`) unless the group edits it.`,
        severity: 'medium',
        confidence: target.confidence,
        fix: (fixer) => fix(fixer, safer, 'no write for the group'),
      });
      return;
    }
    if (mode.bits & PRIVATE_FILE_EXCESS && target.path && isSensitivePath(target.path, context)) {
      const safer = mode.bits & 0o7700;
      context.report(call.node, {
        message: `${written} lets ${grantedTo(mode.bits)} a key or credentials file; restrict it to its owner (\`${octal(safer & 0o700 ? safer : 0o600)}\`).`,
        severity: 'medium',
        confidence: 'medium',
        fix: (fixer) => (safer & 0o700 ? fix(fixer, safer, 'owner only') : []),
      });
    }
  },
});

/** Who gets what beyond the owner, for messages: "group and others read", "others execute". */
function grantedTo(bits: number): string {
  const who = [bits & 0o070 ? 'its group' : '', bits & 0o007 ? 'others' : ''].filter(Boolean).join(' and ');
  const extra = bits & 0o077;
  const verbs = [extra & 0o044 ? 'read' : '', extra & 0o011 ? 'execute' : ''].filter(Boolean).join(' and ');
  return `${who} ${verbs}`;
}

interface ChmodTarget {
  mode: Argument;
  /** The file's path expression (the receiver for `Path.chmod`); undefined for a descriptor. */
  path?: Node;
  confidence: 'high' | 'medium';
}

/** Which argument is the mode, for the chmod functions and methods this call may be. */
function chmodTarget(call: CallSite, context: RuleContext): ChmodTarget | undefined {
  const name = call.qualifiedName;
  if (name !== undefined && OS_FUNCTIONS.has(name)) {
    const mode = call.argument(1, 'mode');
    if (!mode) return undefined;
    const path = name.endsWith('fchmod') ? undefined : call.argument(0, 'path')?.value;
    return { mode, path, confidence: 'high' };
  }
  // A function of the file's own (`def chmod(...)`) or of another module (`from sh import chmod`).
  if (call.callee.type !== 'attribute') return undefined;
  if (name !== undefined && !name.startsWith('pathlib.')) {
    // Resolved through a module: only pathlib objects have a chmod method taking a mode.
    if (!/\(\)\.l?chmod$/.test(name)) return undefined;
  }
  const receiver = call.callee.childForFieldName('object')!;
  const positional = call.arguments.filter((arg) => arg.index !== undefined).length;
  const pathlib = name?.startsWith('pathlib.') ?? false;
  if (positional >= 2 && !pathlib) {
    // `sftp.chmod(path, mode)`: paramiko, fabric and friends.
    const mode = call.argument(1, 'mode');
    return mode ? { mode, path: call.argument(0, 'path')?.value, confidence: 'medium' } : undefined;
  }
  const mode = call.argument(0, 'mode');
  return mode ? { mode, path: receiver, confidence: pathlib ? 'high' : 'medium' } : undefined;
}

/** Whether a path expression names a private file, by its literal value or its variable's name. */
function isSensitivePath(path: Node, context: RuleContext, depth = 0): boolean {
  if (depth > 3) return false;
  const literal = context.model.literal(path);
  if (literal && typeof literal.value === 'string') return SENSITIVE_PATH.test(literal.value) && !/\.pub$/i.test(literal.value);
  switch (path.type) {
    case 'identifier': {
      if (nameWords(path.text).some((word) => SENSITIVE_WORDS.has(word))) return true;
      const value = valueOfName(path, context.model);
      return value ? isSensitivePath(value, context, depth + 1) : false;
    }
    case 'attribute': {
      const attribute = path.childForFieldName('attribute');
      return !!attribute && nameWords(attribute.text).some((word) => SENSITIVE_WORDS.has(word));
    }
    case 'call': {
      // `Path("~/.ssh/id_rsa")`, `os.path.join(home, ".ssh", "id_rsa")`, `Path(key_path).expanduser()`
      const callee = path.childForFieldName('function');
      const args = path.childForFieldName('arguments');
      const parts = args ? args.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment' && n.type !== 'keyword_argument') : [];
      if (callee?.type === 'attribute' && parts.length === 0) {
        const object = callee.childForFieldName('object');
        return object ? isSensitivePath(object, context, depth + 1) : false;
      }
      const last = parts[parts.length - 1];
      return last ? isSensitivePath(last, context, depth + 1) : false;
    }
    case 'binary_operator': {
      const right = path.childForFieldName('right');
      return right ? isSensitivePath(right, context, depth + 1) : false;
    }
    case 'parenthesized_expression': {
      const inner = path.firstNamedChild;
      return inner ? isSensitivePath(inner, context, depth + 1) : false;
    }
    default:
      return false;
  }
}

function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** A new mode, when the mode is an integer literal written in the call. */
function literalFix(argument: Argument, mode: Mode, bits: number, why: string, fixer: Fixer) {
  if (argument.value.type !== 'integer' || !mode.exact) return [];
  return [fixer.unsafe(`Use mode ${octal(bits)}`, why, fixer.replace(argument.value, octal(bits)))];
}
