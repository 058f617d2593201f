// "Pyward: Show Rule Documentation": every rule in a quick pick; the chosen rule's page opens
// in a Markdown preview, from the documentation shipped in the extension (works offline).
import { existsSync } from 'node:fs';
import { commands, type ExtensionContext, type QuickPickItem, Uri, window, workspace } from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { type RuleListing, RULE_DOCS_COMMAND, RULES_COMMAND } from '../../server/src/lsp/protocol';

interface RuleItem extends QuickPickItem {
  rule: RuleListing;
}

/** Shows the documentation of `ruleId`, or of the rule the user picks; resolves with the rule shown. */
export async function showRuleDocumentation(context: ExtensionContext, client: LanguageClient, ruleId?: string): Promise<string | undefined> {
  let id = ruleId;
  if (!id) {
    const rules = (await client.sendRequest(ExecuteCommandRequest.type, { command: RULES_COMMAND, arguments: [] })) as RuleListing[];
    const items: RuleItem[] = rules
      .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))
      .map((rule) => ({
        label: `${rule.id} ${rule.title}`,
        description: `${rule.severity} · ${rule.category}${rule.fixable ? ' · quick fix' : ''}`,
        detail: rule.name,
        rule,
      }));
    const picked = await window.showQuickPick(items, { title: 'Pyward rules', placeHolder: 'Search by ID, title or name', matchOnDescription: true, matchOnDetail: true });
    if (!picked) return undefined;
    id = picked.rule.id;
  }
  const shipped = context.asAbsolutePath(`docs/rules/${id}.md`);
  let document: Uri;
  if (/^[A-Z]+\d+$/.test(id) && existsSync(shipped)) {
    document = Uri.file(shipped);
  } else {
    // A rule newer than the shipped pages: its documentation straight from its metadata.
    const markdown = (await client.sendRequest(ExecuteCommandRequest.type, { command: RULE_DOCS_COMMAND, arguments: [id] })) as string | null;
    if (!markdown) {
      void window.showWarningMessage(`Pyward: there is no rule ${id}.`);
      return undefined;
    }
    document = (await workspace.openTextDocument({ language: 'markdown', content: markdown })).uri;
  }
  await commands.executeCommand('markdown.showPreview', document);
  return id;
}
