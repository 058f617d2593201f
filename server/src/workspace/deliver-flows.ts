// The audit's side of reporting flows at their sinks (`engine/flow/deliver.ts`): a traced
// finding that one audited file found through a helper in another audited Python file moves to
// the helper's file, at the sink, where it upgrades the sink rule's own finding.
import { fileKindOf } from '../engine/file-kind';
import { outgoingFlows, receiveFlows } from '../engine/flow/deliver';
import type { Finding } from '../engine/finding';
import type { RuleRegistry } from '../engine/registry';
import { configurationFor, type AuditSetup } from './analyze-file';
import type { FileResult } from './audit';
import { readSourceText } from './walk';

/** What delivering needs beyond the files: each sink file's rules, and its text when no finding kept it. */
export interface DeliverySetup {
  registryFor(path: string): RuleRegistry;
  readText(path: string): string | undefined;
}

/** The files of an audit with each flow reported at its sink when the sink's file is among them. */
export function deliverFlows(files: readonly FileResult[], setup: DeliverySetup): FileResult[] {
  if (!files.some((file) => file.findings.some((finding) => finding.atSink))) return [...files];
  const byPath = new Map(files.map((file) => [file.path, file]));
  const texts = new Map<string, string | undefined>();
  const textOf = (path: string) => {
    if (!texts.has(path)) texts.set(path, byPath.get(path)?.text ?? setup.readText(path));
    return texts.get(path);
  };
  const incoming = new Map<string, Finding[]>();
  const sent = files.map((file) => {
    const deliverable = (path: string) => path !== file.path && byPath.has(path) && fileKindOf(path) === 'python' && textOf(path) !== undefined;
    const { own, outgoing } = outgoingFlows(file.findings, deliverable);
    for (const finding of outgoing) {
      const target = finding.atSink!.path;
      incoming.set(target, [...(incoming.get(target) ?? []), finding]);
    }
    return outgoing.length > 0 ? { ...file, findings: own } : file;
  });
  return sent.map((file) => {
    const flows = incoming.get(file.path);
    if (!flows) return file;
    const text = textOf(file.path)!;
    const findings = receiveFlows(file.findings, flows, { text, registry: setup.registryFor(file.path) });
    return { ...file, findings, ...(findings.length > 0 ? { text } : {}) };
  });
}

/** Delivery for an audit's setup, on this thread: the rules each file gets, its text read again if needed. */
export function auditDelivery(setup: AuditSetup): DeliverySetup {
  return {
    registryFor: (path) => configurationFor(setup).forFile(path).registry,
    readText: (path) => {
      const source = readSourceText(path, setup.maxFileSize);
      return 'text' in source ? source.text : undefined;
    },
  };
}
