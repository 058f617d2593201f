import type { Rule } from '../../engine/rule';

export const secretsRules: Rule[] = [];
