import type { Rule } from '../../engine/rule';

export const webRules: Rule[] = [];
