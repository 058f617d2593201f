// Rules whose findings only data flow makes (`engine/flow/`): they have no pattern of their own,
// the flow pass reports them when an untrusted value reaches one of their sinks. Like the
// injection rules, they are off in test files: a test's requests, arguments and servers are its own.
import { defineRule, type Rule, type RuleMeta } from '../../engine/rule';

export function flowRule(meta: Omit<RuleMeta, 'fixable' | 'confidence'>): Rule {
  return defineRule({ meta: { ...meta, confidence: 'high', fixable: false, offInTests: true }, reportedByEngine: true });
}
