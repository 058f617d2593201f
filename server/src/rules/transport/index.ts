import type { Rule } from '../../engine/rule';

export const transportRules: Rule[] = [];
