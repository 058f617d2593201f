import type { AnyRule } from '../../engine/file-rule';

export const dependencyRules: AnyRule[] = [];
