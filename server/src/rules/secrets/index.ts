import type { AnyRule } from '../../engine/file-rule';
import hardcodedPasswordString from './hardcoded-password-string';
import hardcodedPasswordFuncarg from './hardcoded-password-funcarg';
import hardcodedPasswordDefault from './hardcoded-password-default';
import highEntropySecret from './high-entropy-secret';
import awsAccessKey from './aws-access-key';
import awsSecretKey from './aws-secret-key';
import githubToken from './github-token';
import gitlabToken from './gitlab-token';
import slackToken from './slack-token';
import slackWebhook from './slack-webhook';
import stripeKey from './stripe-key';
import openaiKey from './openai-key';
import anthropicKey from './anthropic-key';
import googleApiKey from './google-api-key';
import googleServiceAccount from './google-service-account';
import azureStorageKey from './azure-storage-key';
import twilio from './twilio';
import sendgridKey from './sendgrid-key';
import npmToken from './npm-token';
import pypiToken from './pypi-token';
import huggingfaceToken from './huggingface-token';
import databricksToken from './databricks-token';
import discordToken from './discord-token';
import telegramBotToken from './telegram-bot-token';
import jwt from './jwt';
import privateKey from './private-key';
import urlCredentials from './url-credentials';
import dockerHubToken from './docker-hub-token';
import shopifyToken from './shopify-token';
import grafanaToken from './grafana-token';
import vaultToken from './vault-token';
import tailscaleKey from './tailscale-key';
import groqKey from './groq-key';
import linearKey from './linear-key';
import notionToken from './notion-token';
import vercelToken from './vercel-token';
import figmaToken from './figma-token';
import cloudflareToken from './cloudflare-token';
import onepasswordToken from './onepassword-token';
import type { SecretDetector } from './detectors/detector';
import { registerProviders } from './detectors/provider-registry';

/** One rule per provider format (PWS101–PWS135), each in Python and in the project's other files. */
export const secretDetectors: readonly SecretDetector[] = [
  awsAccessKey,
  awsSecretKey,
  githubToken,
  gitlabToken,
  slackToken,
  slackWebhook,
  stripeKey,
  openaiKey,
  anthropicKey,
  googleApiKey,
  googleServiceAccount,
  azureStorageKey,
  twilio,
  sendgridKey,
  npmToken,
  pypiToken,
  huggingfaceToken,
  databricksToken,
  discordToken,
  telegramBotToken,
  jwt,
  privateKey,
  urlCredentials,
  dockerHubToken,
  shopifyToken,
  grafanaToken,
  vaultToken,
  tailscaleKey,
  groqKey,
  linearKey,
  notionToken,
  vercelToken,
  figmaToken,
  cloudflareToken,
  onepasswordToken,
];

registerProviders(secretDetectors);

export const secretsRules: AnyRule[] = [hardcodedPasswordString, hardcodedPasswordFuncarg, hardcodedPasswordDefault, highEntropySecret, ...secretDetectors];
