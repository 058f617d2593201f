import type { Rule } from '../../engine/rule';
import sqlBuiltFromStrings from './sql-built-from-strings';

export const sqlInjectionRules: Rule[] = [sqlBuiltFromStrings];
