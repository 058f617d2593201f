import type { AnyRule } from '../../engine/file-rule';
import hardcodedPasswordString from './hardcoded-password-string';
import hardcodedPasswordFuncarg from './hardcoded-password-funcarg';
import hardcodedPasswordDefault from './hardcoded-password-default';

export const secretsRules: AnyRule[] = [hardcodedPasswordString, hardcodedPasswordFuncarg, hardcodedPasswordDefault];
