import { CWE_798, defineSecretDetector, regexFormat } from './detectors/detector';
import { hasValidCrc32Checksum } from './detectors/encoding';

const KINDS: Record<string, string> = {
  ghp: 'GitHub personal access token',
  gho: 'GitHub OAuth access token',
  ghu: 'GitHub App user-to-server token',
  ghs: 'GitHub App installation token',
  ghr: 'GitHub refresh token',
};

export default defineSecretDetector({
  meta: {
    id: 'PWS103',
    name: 'github-token',
    title: 'GitHub token in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds GitHub tokens: classic personal access tokens (`ghp_`), OAuth tokens (`gho_`), GitHub App tokens (`ghu_`, `ghs_`), refresh tokens (`ghr_`) and fine-grained personal access tokens (`github_pat_`). Classic-format tokens end in a CRC-32 checksum of their random part, which is verified, so look-alikes are not reported. Python strings and comments, configuration, `.env` files, workflows and notebooks are searched.',
      why: 'A GitHub token acts as its owner: it can read private repositories, push code (including to workflows, which run with the repository\'s secrets), and publish releases and packages. Committed tokens are found by scanners within minutes and are a common start of supply-chain attacks.',
      example: 'from github import Github\n\ngh = Github("ghp_…36 characters…")',
      safe: 'import os\n\nfrom github import Github\n\ngh = Github(os.environ["GITHUB_TOKEN"])',
      references: [CWE_798, 'https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/', 'https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/token-expiration-and-revocation'],
    },
  },
  environmentName: 'GITHUB_TOKEN',
  revoke: 'revoke it in GitHub\'s developer settings',
  formats: [
    regexFormat({
      kind: 'GitHub token',
      keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
      pattern: /gh[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/,
      validate: (token) => hasValidCrc32Checksum(token, 4) && { kind: KINDS[token.slice(0, 3)] },
    }),
    regexFormat({
      kind: 'GitHub fine-grained personal access token',
      keywords: ['github_pat_'],
      pattern: /github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_])/,
    }),
  ],
});
