import { defineRule } from '../../engine/rule';
import { FROM_NETWORK, loadsNetworkContent } from './untrusted-data';

/** URL schemes `read_pickle` fetches itself (through urllib or fsspec). */
const REMOTE_URL = /^\s*(?:https?|ftp|s3|gs|gcs|az|abfs|abfss|adl|hf):\/\//i;

export default defineRule({
  meta: {
    id: 'PW108',
    name: 'pandas-read-pickle',
    title: 'DataFrame loaded with pandas.read_pickle',
    category: 'deserialization',
    // Bandit's defaults for pandas.read_pickle in B301 (medium, high); raised to high for a URL
    // or data fetched over the network.
    severity: 'medium',
    confidence: 'high',
    cwe: 502,
    bandit: 'B301',
    ruff: 'S301',
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds `pandas.read_pickle`.',
      why: '`read_pickle` unpickles the file, and a pickle can make the loader call any Python function. A pickled DataFrame shared by a colleague, attached to an issue, or downloaded from a bucket or URL (which `read_pickle` fetches itself) runs code on the machine that loads it.',
      example: 'import pandas as pd\n\nfeatures = pd.read_pickle("https://example.com/exports/features.pkl")',
      safe: 'import pandas as pd\n\n# Parquet (or CSV, Feather) holds data only.\nfeatures = pd.read_parquet("https://example.com/exports/features.parquet")',
      references: [
        'https://cwe.mitre.org/data/definitions/502.html',
        'https://pandas.pydata.org/docs/reference/api/pandas.read_pickle.html',
        'https://docs.python.org/3/library/pickle.html',
      ],
    },
  },
  calls: ['pandas.read_pickle', 'pandas.io.pickle.read_pickle'],

  checkCall(call, context) {
    const callee = call.callee.text;
    const source = call.argument(0, 'filepath_or_buffer');
    const path = source ? context.model.literal(source.value) : undefined;
    if (typeof path?.value === 'string' && REMOTE_URL.test(path.value)) {
      context.report(call.node, {
        message: `\`${callee}\` unpickles a downloaded file: its server can run code here; exchange the data as Parquet or CSV.`,
        severity: 'high',
      });
      return;
    }
    if (loadsNetworkContent(call, 0, 'filepath_or_buffer', context.model)) {
      context.report(call.node, {
        message: `\`${callee}\` unpickles downloaded content: its server can run code here; exchange the data as Parquet or CSV.`,
        severity: 'high',
      });
      return;
    }
    context.report(call.node, {
      message: `\`${callee}\` unpickles the file: one from anyone else runs code; use Parquet or CSV for shared data.`,
    });
  },
});
