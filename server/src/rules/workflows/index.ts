import type { FileRule } from '../../engine/file-rule';

export const workflowRules: FileRule[] = [];
