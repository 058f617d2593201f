import type { Rule } from '../../engine/rule';

export const cryptographyRules: Rule[] = [];
