import type { Rule } from '../../engine/rule';

export const codeExecutionRules: Rule[] = [];
