import type { Rule } from '../../engine/rule';
import assertUsed from './assert-used';
import tryExceptPass from './try-except-pass';
import tryExceptContinue from './try-except-continue';
import trojanSource from './trojan-source';
import loggingConfigListen from './logging-config-listen';
import syntaxError from './syntax-error';

export const otherRules: Rule[] = [assertUsed, tryExceptPass, tryExceptContinue, trojanSource, loggingConfigListen, syntaxError];
