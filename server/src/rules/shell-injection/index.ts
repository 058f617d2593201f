import type { Rule } from '../../engine/rule';

export const shellInjectionRules: Rule[] = [];
