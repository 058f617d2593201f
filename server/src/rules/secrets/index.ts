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
import azureAdClientSecret from './azure-ad-client-secret';
import sentryToken from './sentry-token';
import datadogKey from './datadog-key';
import mailgunKey from './mailgun-key';
import mailchimpKey from './mailchimp-key';
import brevoKey from './brevo-key';
import herokuKey from './heroku-key';
import digitaloceanToken from './digitalocean-token';
import newRelicKey from './new-relic-key';
import jfrogToken from './jfrog-token';
import replicateToken from './replicate-token';
import supabaseKey from './supabase-key';
import dopplerToken from './doppler-token';
import pulumiToken from './pulumi-token';
import atlassianToken from './atlassian-token';
import awsBedrockKey from './aws-bedrock-key';
import perplexityKey from './perplexity-key';
import prefectKey from './prefect-key';
import planetscaleToken from './planetscale-token';
import type { SecretDetector } from './detectors/detector';
import { registerProviders } from './detectors/provider-registry';

/** One rule per provider format (PWS101–PWS154), each in Python and in the project's other files. */
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
  azureAdClientSecret,
  sentryToken,
  datadogKey,
  mailgunKey,
  mailchimpKey,
  brevoKey,
  herokuKey,
  digitaloceanToken,
  newRelicKey,
  jfrogToken,
  replicateToken,
  supabaseKey,
  dopplerToken,
  pulumiToken,
  atlassianToken,
  awsBedrockKey,
  perplexityKey,
  prefectKey,
  planetscaleToken,
];

registerProviders(secretDetectors);

export const secretsRules: AnyRule[] = [hardcodedPasswordString, hardcodedPasswordFuncarg, hardcodedPasswordDefault, highEntropySecret, ...secretDetectors];
