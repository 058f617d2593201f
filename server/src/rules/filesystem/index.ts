import type { Rule } from '../../engine/rule';

export const filesystemRules: Rule[] = [];
