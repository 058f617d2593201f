import type { Rule } from '../../engine/rule';
import subprocessShellTrue from './subprocess-shell-true';
import shellCommandFunction from './shell-command-function';
import paramikoExecCommand from './paramiko-exec-command';
import subprocessWithoutShell from './subprocess-without-shell';
import callWithShellTrue from './call-with-shell-true';
import startProcessWithoutShell from './start-process-without-shell';
import partialExecutablePath from './partial-executable-path';
import wildcardInjection from './wildcard-injection';

export const shellInjectionRules: Rule[] = [
  subprocessShellTrue,
  shellCommandFunction,
  paramikoExecCommand,
  subprocessWithoutShell,
  callWithShellTrue,
  startProcessWithoutShell,
  partialExecutablePath,
  wildcardInjection,
];
