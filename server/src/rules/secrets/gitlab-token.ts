import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

const KINDS: Record<string, string> = {
  glpat: 'GitLab personal access token',
  gldt: 'GitLab deploy token',
  glrt: 'GitLab runner authentication token',
  glcbt: 'GitLab CI/CD job token',
  glimt: 'GitLab incoming mail token',
  gloas: 'GitLab OAuth application secret',
  glsoat: 'GitLab SCIM token',
  glffct: 'GitLab feed token',
  glft: 'GitLab feed token',
  glagent: 'GitLab agent token',
  glptt: 'GitLab pipeline trigger token',
};

export default defineSecretDetector({
  meta: {
    id: 'PWS104',
    name: 'gitlab-token',
    title: 'GitLab token in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds GitLab tokens by their prefixes: personal, project and group access tokens (`glpat-`), deploy tokens (`gldt-`), runner tokens (`glrt-`, routable `glrt-t1_…`, and `GR1348941` registration tokens), CI/CD job tokens (`glcbt-`), pipeline trigger tokens (`glptt-`), OAuth application secrets (`gloas-`), feed, incoming-mail, SCIM and agent tokens. Routable tokens end in a dot and a base-36 suffix (`glpat-<payload>.01.<checksum>` or `glpat-<payload>.<suffix>`). The random part must look random; placeholders are not reported.',
      why: 'A GitLab access token acts as its user, project or group: it can read and push code, change CI/CD settings and variables, and run pipelines that hold other secrets. Tokens in a repository leak with every clone and stay in its history.',
      example: 'import gitlab\n\ngl = gitlab.Gitlab("https://gitlab.com", private_token="glpat-…")',
      safe: 'import os\n\nimport gitlab\n\ngl = gitlab.Gitlab("https://gitlab.com", private_token=os.environ["GITLAB_TOKEN"])',
      references: [CWE_798, 'https://docs.gitlab.com/ee/security/tokens/', 'https://docs.gitlab.com/ee/user/profile/personal_access_tokens.html'],
    },
  },
  environmentName: 'GITLAB_TOKEN',
  revoke: 'revoke it in GitLab (Access tokens)',
  formats: [
    regexFormat({
      kind: 'GitLab token',
      keywords: Object.keys(KINDS).map((prefix) => `${prefix}-`),
      pattern: /(?:glpat|gldt|glrt|glcbt|glimt|gloas|glsoat|glffct|glft|glagent|glptt)-[A-Za-z0-9_-]{20,300}(?:\.[0-9a-z]{2}\.?[0-9a-z]{7,9})?(?![A-Za-z0-9_.-])/,
      notAfter: /[A-Za-z0-9_-]/,
      validate: (token) => looksRandom(token.slice(token.indexOf('-') + 1), 3) && { kind: KINDS[token.slice(0, token.indexOf('-'))] },
    }),
    regexFormat({
      kind: 'GitLab runner registration token',
      keywords: ['GR1348941'],
      pattern: /GR1348941[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])/,
      validate: (token) => looksRandom(token.slice(9), 3),
    }),
  ],
});
