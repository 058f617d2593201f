// zizmor's suppression comments, honoured by the workflow rules that match its audits: a
// `# zizmor: ignore[template-injection]` on a finding's first or last line silences our
// PWA003 there too, so a project that reviewed a finding with zizmor is not asked again.
import type { FileRule, FileRuleContext } from '../engine/file-rule';
import { lineEndAt, lineStartAt } from '../engine/lines';

/** The zizmor audits each workflow rule corresponds to. */
const AUDITS: Readonly<Record<string, readonly string[]>> = {
  PWA001: ['unpinned-uses'],
  PWA002: ['dangerous-triggers'],
  PWA003: ['template-injection'],
  PWA004: ['excessive-permissions'],
  PWA005: ['use-trusted-publishing'],
  PWA006: ['artipacked'],
  PWA009: ['cache-poisoning'],
};

const IGNORE = /#\s*zizmor:\s*ignore\[([^\]]*)\]/g;

/** Whether a zizmor comment on the first or last line of [start, end) ignores one of `audits`. */
export function zizmorIgnores(text: string, start: number, end: number, audits: readonly string[]): boolean {
  for (const offset of [start, Math.max(start, end - 1)]) {
    const line = text.slice(lineStartAt(text, offset), lineEndAt(text, offset));
    for (const [, list] of line.matchAll(IGNORE)) {
      if (list.split(',').some((audit) => audits.includes(audit.trim()))) return true;
    }
  }
  return false;
}

/** The rule, its findings dropped where a zizmor comment ignores the matching audit. */
export function honouringZizmor(rule: FileRule): FileRule {
  const audits = AUDITS[rule.meta.id];
  if (!audits) return rule;
  return {
    ...rule,
    check(context: FileRuleContext) {
      const filtered: FileRuleContext = Object.create(context, {
        report: {
          value: (start: number, end: number, options: Parameters<FileRuleContext['report']>[2]) => {
            if (!zizmorIgnores(context.text, start, end, audits)) context.report(start, end, options);
          },
        },
      });
      return rule.check(filtered);
    },
  };
}
