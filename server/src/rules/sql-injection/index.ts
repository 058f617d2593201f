import type { Rule } from '../../engine/rule';

export const sqlInjectionRules: Rule[] = [];
