import type { Rule } from '../../engine/rule';

export const xmlRules: Rule[] = [];
