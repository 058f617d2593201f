// One entry point over the format parsers: a file's text (and, for TOML and setup.py, its
// tree-sitter tree) to its Manifest.
import type { Tree } from 'web-tree-sitter';
import type { FileRuleContext } from '../engine/file-rule';
import { type GrammarName, parseWith } from '../engine/grammars';
import { type Manifest, type ManifestKind, manifestKindOf } from './model';
import { parsePipfileLock, parseTomlLock } from './lock-files';
import { parsePipfile } from './pipfile';
import { parsePylock } from './pylock';
import { parsePyproject } from './pyproject';
import { parseRequirements } from './requirements';
import { parseSetupCfg } from './setup-cfg';
import { parseSetupPy } from './setup-py';

/** The grammar a manifest kind is read with, if any. */
export function grammarOf(kind: ManifestKind): GrammarName | undefined {
  if (kind === 'pyproject' || kind === 'pylock' || kind === 'pipfile' || kind === 'poetry-lock' || kind === 'uv-lock' || kind === 'pdm-lock') return 'toml';
  if (kind === 'setup-py') return 'python';
  return undefined;
}

/**
 * Parses a manifest. `syntax` supplies the tree for TOML and Python kinds (a rule's shared
 * tree); without it the text is parsed here and the tree freed (grammars must be loaded).
 */
export function parseManifest(text: string, kind: ManifestKind, path: string, syntax?: (grammar: GrammarName) => Tree): Manifest {
  const grammar = grammarOf(kind);
  if (!grammar) return kind === 'requirements' ? parseRequirements(text, path) : kind === 'pipfile-lock' ? parsePipfileLock(text, path) : parseSetupCfg(text, path);
  const owned = syntax ? undefined : parseWith(grammar, text);
  const tree = syntax ? syntax(grammar) : owned!;
  try {
    switch (kind) {
      case 'pyproject':
        return parsePyproject(text, tree, path);
      case 'pylock':
        return parsePylock(text, tree, path);
      case 'pipfile':
        return parsePipfile(text, tree, path);
      case 'poetry-lock':
      case 'uv-lock':
      case 'pdm-lock':
        return parseTomlLock(text, tree, path, kind);
      default:
        return parseSetupPy(text, tree, path);
    }
  } finally {
    owned?.delete();
  }
}

/** The manifest of the file a rule is checking (parsed once per analysis), or undefined when it is none. */
export function fileManifest(context: FileRuleContext): Manifest | undefined {
  const kind = manifestKindOf(context.kind, context.file.path);
  if (!kind) return undefined;
  return context.memo('manifests:manifest', () => parseManifest(context.text, kind, context.file.path ?? '', (grammar) => context.syntax(grammar)));
}
