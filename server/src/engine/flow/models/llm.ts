// Model output is untrusted input: LLM client responses, LangChain runnables, MCP and agent
// tool arguments. Prompt injection turns them into whatever the code does with them.
import type { FlowModel } from '../spec';

export const llm: FlowModel = {
  name: 'llm',
  sources: [
    {
      calls: [
        'openai.OpenAI().chat.completions.create',
        'openai.AsyncOpenAI().chat.completions.create',
        'openai.AzureOpenAI().chat.completions.create',
        'openai.OpenAI().responses.create',
        'openai.AsyncOpenAI().responses.create',
        'openai.OpenAI().completions.create',
        'openai.ChatCompletion.create',
        'openai.Completion.create',
        'anthropic.Anthropic().messages.create',
        'anthropic.AsyncAnthropic().messages.create',
        'anthropic.Anthropic().completions.create',
        'google.genai.Client().models.generate_content',
        'google.genai.Client().aio.models.generate_content',
        'google.generativeai.GenerativeModel().generate_content',
        'langchain.**.invoke',
        'langchain.**.ainvoke',
        'langchain.**.run',
        'langchain.**.predict',
        'langchain_core.**.invoke',
        'langchain_core.**.ainvoke',
        'langchain_openai.**.invoke',
        'langchain_openai.**.ainvoke',
        'langchain_anthropic.**.invoke',
        'langchain_community.**.invoke',
        'langchain_google_genai.**.invoke',
        'ollama.chat',
        'ollama.generate',
        'litellm.completion',
      ],
      trust: 'model',
    },
  ],
  handlers: [
    {
      framework: 'mcp',
      decorators: [
        'mcp.server.fastmcp.FastMCP().tool',
        'mcp.server.FastMCP().tool',
        'fastmcp.FastMCP().tool',
        'mcp.server.Server().call_tool',
        'mcp.server.lowlevel.Server().call_tool',
        'langchain.tools.tool',
        'langchain_core.tools.tool',
        'langchain.agents.tool',
      ],
      parametersUntrusted: true,
      trust: 'model',
    },
  ],
};
