import type { Rule } from '../../engine/rule';
import hardcodedPasswordString from './hardcoded-password-string';
import hardcodedPasswordFuncarg from './hardcoded-password-funcarg';
import hardcodedPasswordDefault from './hardcoded-password-default';

export const secretsRules: Rule[] = [hardcodedPasswordString, hardcodedPasswordFuncarg, hardcodedPasswordDefault];
