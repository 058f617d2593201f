// Rules whose findings only data flow makes (`engine/flow/`): they have no pattern of their own,
// the flow pass reports them when an untrusted value reaches one of their sinks.
import { defineRule, type Rule, type RuleMeta } from '../../engine/rule';

export function flowRule(meta: Omit<RuleMeta, 'fixable' | 'confidence'>): Rule {
  return defineRule({ meta: { ...meta, confidence: 'high', fixable: false }, reportedByEngine: true });
}
