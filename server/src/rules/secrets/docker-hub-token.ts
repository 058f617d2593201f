import { CWE_798, defineSecretDetector, looksRandom, regexFormat } from './detectors/detector';

export default defineSecretDetector({
  meta: {
    id: 'PWS124',
    name: 'docker-hub-token',
    title: 'Docker Hub personal access token in source or configuration',
    severity: 'high',
    confidence: 'high',
    docs: {
      what: 'Finds Docker Hub personal access tokens: `dckr_pat_` and 27 characters (letters, digits, `_` and `-`).',
      why: 'A Docker Hub token logs in as its owner: with write access it pushes new images under the owner\'s repositories — a backdoored base image pulled by every build and cluster that trusts the tag — and it reads private images, which often hold code and secrets of their own.',
      example: 'import docker\n\nclient = docker.from_env()\nclient.login(username="acme", password="dckr_pat_…")',
      safe: 'import os\n\nimport docker\n\nclient = docker.from_env()\nclient.login(username="acme", password=os.environ["DOCKERHUB_TOKEN"])',
      references: [CWE_798, 'https://docs.docker.com/security/access-tokens/'],
    },
  },
  environmentName: 'DOCKERHUB_TOKEN',
  revoke: 'delete it in Docker Hub\'s account settings (Personal access tokens)',
  formats: [
    regexFormat({
      kind: 'Docker Hub personal access token',
      keywords: ['dckr_pat_'],
      pattern: /dckr_pat_[A-Za-z0-9_-]{27}(?![A-Za-z0-9_-])/,
      validate: (token) => looksRandom(token.slice(9), 3.5),
    }),
  ],
});
