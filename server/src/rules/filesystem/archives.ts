// Which expressions stand for an open archive: `tarfile.open(...)`, `zipfile.ZipFile(...)`,
// names assigned from them, `with … as name`, `contextlib.closing(...)` around them, and
// parameters annotated with the class.
import type { Node } from 'web-tree-sitter';
import type { SemanticModel } from '../../engine/semantic/model';
import { parameterAnnotation, valueOfName } from './file-values';

export type ArchiveKind = 'tar' | 'zip';

const TAR_CONSTRUCTOR = /^tarfile\.(?:open|TarFile(?:\.(?:open|taropen|gzopen|bz2open|xzopen|zstopen))?)\(\)$/;
const ZIP_CONSTRUCTOR = /^zipfile\.(?:ZipFile|PyZipFile)\(\)$/;

/** The archive an expression stands for, if it can be told. */
export function archiveKind(expression: Node, model: SemanticModel, depth = 0): ArchiveKind | undefined {
  if (depth > 4) return undefined;
  const resolved = model.resolve(expression);
  if (resolved !== undefined) {
    if (TAR_CONSTRUCTOR.test(resolved)) return 'tar';
    if (ZIP_CONSTRUCTOR.test(resolved)) return 'zip';
  }
  if (expression.type === 'parenthesized_expression' && expression.firstNamedChild) return archiveKind(expression.firstNamedChild, model, depth + 1);
  if (expression.type === 'call') {
    // `contextlib.closing(tarfile.open(path))`
    const callee = expression.childForFieldName('function');
    if (callee && model.resolve(callee) === 'contextlib.closing') {
      const inner = expression.childForFieldName('arguments')?.firstNamedChild;
      return inner ? archiveKind(inner, model, depth + 1) : undefined;
    }
    return undefined;
  }
  if (expression.type !== 'identifier') return undefined;
  const annotation = parameterAnnotation(expression, model);
  if (annotation) {
    const type = model.resolve(annotation);
    if (type === 'tarfile.TarFile') return 'tar';
    if (type === 'zipfile.ZipFile') return 'zip';
    return undefined;
  }
  const value = valueOfName(expression, model);
  return value && value.type !== 'identifier' ? archiveKind(value, model, depth + 1) : undefined;
}
