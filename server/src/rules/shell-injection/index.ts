import type { Rule } from '../../engine/rule';
import subprocessShellTrue from './subprocess-shell-true';
import shellCommandFunction from './shell-command-function';

export const shellInjectionRules: Rule[] = [subprocessShellTrue, shellCommandFunction];
