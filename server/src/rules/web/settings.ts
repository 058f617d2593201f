// Recognising configuration modules (Django settings, Flask config) and their top-level
// assignments, shared by PW809–PW811.
import type { Node } from 'web-tree-sitter';
import { conventionPath, type Rule, type RuleContext } from '../../engine/rule';
import type { TokenSite } from '../../engine/sites';

/** Names only a Django settings module assigns at its top level. */
const DJANGO_MARKERS = ['INSTALLED_APPS', 'ROOT_URLCONF'];

/** The file's name and the folders above it, from a path with `/` or `\`. */
function pathParts(path: string | undefined): { file: string; folders: string[] } {
  const segments = (path ?? '').replace(/\\/g, '/').split('/');
  return { file: segments[segments.length - 1] ?? '', folders: segments.slice(0, -1) };
}

/**
 * A Django settings module: `settings.py` or `*_settings.py`, any module in a `settings/` package, or a module that
 * assigns `INSTALLED_APPS` or `ROOT_URLCONF` at its top level. Looking those names up records
 * them as dependencies, so adding one re-analyses the file's settings.
 */
export function isDjangoSettings(root: Node, at: Node, context: RuleContext): boolean {
  const { file, folders } = pathParts(conventionPath(context.file));
  if (/(^|_)settings\.py$/.test(file) || folders[folders.length - 1] === 'settings') return true;
  for (const marker of DJANGO_MARKERS) context.model.lookup(marker, at);
  return moduleAssigns(root, DJANGO_MARKERS);
}

/**
 * A configuration module by its path: a Django settings module, `config.py`, `*_config.py`,
 * `settings.py`, or any module in a `config/` or `settings/` package.
 */
export function isConfigPath(path: string | undefined): boolean {
  const { file, folders } = pathParts(path);
  const folder = folders[folders.length - 1];
  return /(^|_)(settings|config|configuration)\.py$/.test(file) || folder === 'settings' || folder === 'config';
}

/**
 * Development or test settings by file name (`settings/dev.py`, `local_settings.py`,
 * `settings_test.py`): values meant for a developer's machine.
 */
export function isDevelopmentSettingsPath(path: string | undefined): boolean {
  const { file } = pathParts(path);
  const stem = file.replace(/\.pyi?$/, '');
  return stem.split(/[_.-]/).some((word) => ['dev', 'develop', 'development', 'local', 'test', 'tests', 'testing', 'ci'].includes(word));
}

/** Whether a top-level statement assigns one of `names`. */
export function moduleAssigns(root: Node, names: readonly string[]): boolean {
  for (const statement of root.namedChildren) {
    const assignment = statement?.type === 'expression_statement' ? statement.firstNamedChild : undefined;
    if (assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    if (left?.type === 'identifier' && names.includes(left.text)) return true;
  }
  return false;
}

/**
 * The assigned name when `node` is `NAME = value` at the top level of the module (or, with
 * `inClass`, directly in the body of a top-level class, as Flask config classes do).
 */
export function topLevelAssignment(node: Node, inClass = false): { name: Node; value: Node; inClass: boolean } | undefined {
  if (node.type !== 'assignment') return undefined;
  const name = node.childForFieldName('left');
  const value = node.childForFieldName('right');
  if (name?.type !== 'identifier' || !value) return undefined;
  const statement = node.parent;
  if (statement?.type !== 'expression_statement') return undefined;
  const container = statement.parent;
  if (container?.type === 'module') return { name, value, inClass: false };
  if (inClass && container?.type === 'block' && container.parent?.type === 'class_definition' && container.parent.parent?.type === 'module') {
    return { name, value, inClass: true };
  }
  return undefined;
}

/**
 * The assignment whose target is the token's identifier (`DEBUG = True` for the token `DEBUG`):
 * settings rules are triggered by their name's text, not by every assignment in every file.
 */
export function assignmentNamedBy(token: TokenSite): Node | undefined {
  const node = token.node;
  const parent = node.type === 'identifier' ? node.parent : null;
  return parent?.type === 'assignment' && parent.childForFieldName('left')?.id === node.id ? parent : undefined;
}

/**
 * The triggers of a rule about assignments to one settings name (`DEBUG`, `MIDDLEWARE`): the
 * name's text, and then the rule's own `checkNode` on the assignment it names.
 */
export function assignmentTrigger(name: string): Pick<Rule, 'tokens' | 'checkToken'> {
  return {
    tokens: [name],
    checkToken(this: Rule, token: TokenSite, context: RuleContext) {
      const assignment = assignmentNamedBy(token);
      if (assignment) this.checkNode!(assignment, context);
    },
  };
}

/** The root (module) node above `node`. */
export function moduleOf(node: Node): Node {
  let root = node;
  while (root.parent) root = root.parent;
  return root;
}
