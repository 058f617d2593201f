// Where advisory data is cached and whether the network may be used, for this process and the
// audit's worker threads. Environment variables carry it because worker threads inherit the
// environment: the CLI's `--online` and the editor's settings set them before any worker starts.
//
//   PYWARD_CACHE_DIR          the cache folder (default $XDG_CACHE_HOME/pyward or ~/.cache/pyward)
//   PYWARD_ADVISORIES_ONLINE  "1": ask OSV's API about pins local data does not cover
//   PYWARD_OSV_URL            OSV's API base URL (tests point it at a local fake server)
//   PYWARD_OSV_DATA_URL       the base URL of OSV's export bucket
import { homedir } from 'node:os';
import { join } from 'node:path';

export const OSV_API_URL = 'https://api.osv.dev';
export const OSV_DATA_URL = 'https://osv-vulnerabilities.storage.googleapis.com';

export interface AdvisorySettings {
  cacheDir?: string;
  online?: boolean;
  apiUrl?: string;
  dataUrl?: string;
}

/** Applies settings for this process and the workers it starts later. Unset fields keep their value. */
export function configureAdvisories(settings: AdvisorySettings): void {
  if (settings.cacheDir !== undefined) process.env.PYWARD_CACHE_DIR = settings.cacheDir;
  if (settings.online !== undefined) process.env.PYWARD_ADVISORIES_ONLINE = settings.online ? '1' : '0';
  if (settings.apiUrl !== undefined) process.env.PYWARD_OSV_URL = settings.apiUrl;
  if (settings.dataUrl !== undefined) process.env.PYWARD_OSV_DATA_URL = settings.dataUrl;
}

export function cacheDirectory(): string {
  const configured = process.env.PYWARD_CACHE_DIR;
  if (configured) return configured;
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg && xdg.trim() ? xdg : join(homedir(), '.cache'), 'pyward');
}

export function onlineLookups(): boolean {
  return process.env.PYWARD_ADVISORIES_ONLINE === '1';
}

export function osvApiUrl(): string {
  return (process.env.PYWARD_OSV_URL || OSV_API_URL).replace(/\/+$/, '');
}

export function osvDataUrl(): string {
  return (process.env.PYWARD_OSV_DATA_URL || OSV_DATA_URL).replace(/\/+$/, '');
}
