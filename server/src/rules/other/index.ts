import type { Rule } from '../../engine/rule';

export const otherRules: Rule[] = [];
