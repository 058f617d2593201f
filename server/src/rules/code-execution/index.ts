import type { Rule } from '../../engine/rule';
import execUsed from './exec-used';
import evalUsed from './eval-used';
import trustRemoteCode from './trust-remote-code';
import huggingfaceUnpinnedDownload from './huggingface-unpinned-download';
import compileExecSource from './compile-exec-source';

export const codeExecutionRules: Rule[] = [execUsed, evalUsed, trustRemoteCode, huggingfaceUnpinnedDownload, compileExecSource];
