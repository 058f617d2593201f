import type { Rule } from '../../engine/rule';
import ssrf from './ssrf';
import pathTraversal from './path-traversal';
import openRedirect from './open-redirect';
import reflectedXss from './reflected-xss';
import ldapInjection from './ldap-injection';
import regexInjection from './regex-injection';
import headerInjection from './header-injection';
import logInjection from './log-injection';
import programInjection from './program-injection';

/** PWT rules: sinks only data flow reports (`engine/flow/`). */
export const flowRules: Rule[] = [ssrf, pathTraversal, openRedirect, reflectedXss, ldapInjection, regexInjection, headerInjection, logInjection, programInjection];
