import { defineRule } from '../../engine/rule';

/** The LangChain packages whose loaders take `allow_dangerous_deserialization`. */
const LANGCHAIN = /^(langchain|langchain_community|langchain_core|langchain_experimental|langchain_classic)\./;

export default defineRule({
  meta: {
    id: 'PW110',
    name: 'langchain-dangerous-deserialization',
    title: 'LangChain loader with allow_dangerous_deserialization=True',
    category: 'deserialization',
    // No Bandit or Ruff check. High: the flag makes the loader unpickle a file. Confidence high
    // when the callee resolves into a LangChain package, medium for callees the analysis cannot
    // follow (a vector store class held in a variable, a project wrapper).
    severity: 'high',
    confidence: 'high',
    cwe: 502,
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds calls that pass `allow_dangerous_deserialization=True` (the literal or a name bound to it): LangChain\'s `FAISS.load_local`, `Annoy.load_local`, `ScaNN.load_local`, `TFIDFRetriever.load_local` and the other loaders of `langchain_community`, and `langchain_core.load` helpers.',
      why: 'These loaders store part of their state with `pickle` (FAISS keeps its docstore in `index.pkl`). LangChain refuses to unpickle unless the caller sets `allow_dangerous_deserialization=True`, because unpickling runs code chosen by whoever wrote the file: a vector index downloaded from a hub, uploaded by a user, or left in a shared bucket or volume runs arbitrary commands with the application\'s privileges the moment it is loaded.',
      example: 'from langchain_community.vectorstores import FAISS\n\nstore = FAISS.load_local("indexes/docs", embeddings, allow_dangerous_deserialization=True)',
      safe: '# Only load indexes this application built itself, from storage nobody else can write:\nfrom langchain_community.vectorstores import FAISS\n\nINDEX_DIR = "/var/lib/myapp/indexes/docs"  # created by our own ingestion job, mode 0700\nstore = FAISS.load_local(INDEX_DIR, embeddings, allow_dangerous_deserialization=True)  # pyward: ignore[PW110]\n# Anything from outside: rebuild the index from the source documents instead,\n# or use a vector store that keeps its data in a database (pgvector, Chroma, Qdrant).',
      references: [
        'https://cwe.mitre.org/data/definitions/502.html',
        'https://python.langchain.com/api_reference/community/vectorstores/langchain_community.vectorstores.faiss.FAISS.html#langchain_community.vectorstores.faiss.FAISS.load_local',
        'https://docs.python.org/3/library/pickle.html',
      ],
    },
  },
  keywords: ['allow_dangerous_deserialization'],

  checkCall(call, context) {
    const flag = call.keyword('allow_dangerous_deserialization')!;
    if (context.model.literal(flag.value)?.value !== true) return;
    const name = call.qualifiedName;
    const langchain = name !== undefined && LANGCHAIN.test(name);
    context.report(call.node, {
      message: `\`allow_dangerous_deserialization=True\` unpickles the index: whoever can write it runs code; load only your own files.`,
      confidence: langchain ? 'high' : 'medium',
    });
  },
});
