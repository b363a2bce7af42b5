import * as vscode from 'vscode';
import { ClusterSettings, parseClusterSettings } from '../core/clusterSettings';

export const SECTION = 'releasehubEcr';
export const CLUSTER_ACCOUNT = 'cluster.account';
export const CLUSTER_REGION = 'cluster.region';
export const EXTRA_TEMPLATE_GLOBS = 'templates.extraGlobs';
export const AWS_PROFILE = 'aws.profile';
export const AWS_ENDPOINT = 'aws.endpoint';
export const LIVE_CHECKS_ENABLED = 'liveChecks.enabled';

/** The cluster as configured for a document, or why it cannot be used. */
export type ClusterConfiguration =
  | { readonly state: 'configured'; readonly cluster: ClusterSettings; readonly key: string }
  | { readonly state: 'missing'; readonly key: string }
  | { readonly state: 'invalid'; readonly error: string; readonly key: string };

export function readClusterConfiguration(scope: vscode.Uri | undefined): ClusterConfiguration {
  const configuration = vscode.workspace.getConfiguration(SECTION, scope);
  const account = (configuration.get<string>(CLUSTER_ACCOUNT) ?? '').trim();
  const region = (configuration.get<string>(CLUSTER_REGION) ?? '').trim();
  const key = `${account}|${region}`;

  if (account === '' || region === '') {
    return { state: 'missing', key };
  }
  const parsed = parseClusterSettings(account, region);
  return parsed.ok
    ? { state: 'configured', cluster: parsed.value, key }
    : { state: 'invalid', error: parsed.error, key };
}

export function readExtraTemplateGlobs(scope: vscode.Uri | undefined): string[] {
  const globs = vscode.workspace
    .getConfiguration(SECTION, scope)
    .get<unknown>(EXTRA_TEMPLATE_GLOBS);
  return Array.isArray(globs)
    ? globs.filter((glob): glob is string => typeof glob === 'string' && glob.trim() !== '')
    : [];
}

export function affectsExtension(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SECTION);
}

/** Profile and endpoint; VS Code ignores workspace values of both in untrusted workspaces. */
export function readAwsConnectionSettings(): { profile?: string; endpoint?: string } {
  const configuration = vscode.workspace.getConfiguration(SECTION);
  const profile = (configuration.get<string>(AWS_PROFILE) ?? '').trim();
  const endpoint = (configuration.get<string>(AWS_ENDPOINT) ?? '').trim();
  return { profile: profile || undefined, endpoint: endpoint || undefined };
}
