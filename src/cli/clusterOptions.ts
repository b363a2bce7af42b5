import {
  ClusterPrincipal,
  ClusterSettings,
  parseClusterPrincipal,
  parseClusterSettings,
} from '../core/clusterSettings';
import { UsageError } from './usageError';

interface ClusterFlags {
  'cluster-account'?: string;
  'cluster-principal'?: string;
  'cluster-region'?: string;
}

/** Flags win over RELEASEHUB_CLUSTER_ACCOUNT / RELEASEHUB_CLUSTER_REGION. */
export function clusterFromOptions(flags: ClusterFlags, env: NodeJS.ProcessEnv): ClusterSettings {
  const principal = principalText(flags, env);
  const region = flags['cluster-region'] ?? env.RELEASEHUB_CLUSTER_REGION;
  if (region === undefined || region.trim() === '') {
    throw new UsageError('missing --cluster-region (or RELEASEHUB_CLUSTER_REGION)');
  }
  const parsed = parseClusterSettings(principal, region);
  if (!parsed.ok) {
    throw new UsageError(parsed.error);
  }
  return parsed.value;
}

export function principalFromOptions(
  flags: ClusterFlags,
  env: NodeJS.ProcessEnv,
): ClusterPrincipal {
  const parsed = parseClusterPrincipal(principalText(flags, env));
  if (!parsed.ok) {
    throw new UsageError(parsed.error);
  }
  return parsed.value;
}

function principalText(flags: ClusterFlags, env: NodeJS.ProcessEnv): string {
  if (flags['cluster-account'] !== undefined && flags['cluster-principal'] !== undefined) {
    throw new UsageError('give either --cluster-account or --cluster-principal, not both');
  }
  const value =
    flags['cluster-principal'] ?? flags['cluster-account'] ?? env.RELEASEHUB_CLUSTER_ACCOUNT;
  if (value === undefined || value.trim() === '') {
    throw new UsageError(
      'missing --cluster-account or --cluster-principal (or RELEASEHUB_CLUSTER_ACCOUNT)',
    );
  }
  return value;
}
