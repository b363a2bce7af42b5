import { Partition, isRegion, partitionOfRegion } from './partition';

/** Who pulls: ReleaseHub's IAM user, known by its account or by its exact ARN. */
export type ClusterPrincipal =
  | { readonly kind: 'account'; readonly accountId: string }
  | { readonly kind: 'arn'; readonly accountId: string; readonly arn: string };

export interface ClusterSettings {
  readonly principal: ClusterPrincipal;
  readonly region: string;
  readonly partition: Partition;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const ACCOUNT_ID = /^\d{12}$/;
// Principals a repository policy accepts for a puller: the account root, a user or a role.
const PRINCIPAL_ARN =
  /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-[a-z]|aws-eusc):iam::(\d{12}):(root|(?:user|role)\/[\w+=,.@/-]{1,512})$/;

/** Accepts a 12-digit account ID or an IAM root, user or role ARN. */
export function parseClusterPrincipal(input: string): Parsed<ClusterPrincipal> {
  const value = input.trim();
  if (ACCOUNT_ID.test(value)) {
    return { ok: true, value: { kind: 'account', accountId: value } };
  }
  if (/^\d+$/.test(value)) {
    return {
      ok: false,
      error: `'${value}' has ${value.length} digits; an AWS account ID has exactly 12`,
    };
  }
  const match = PRINCIPAL_ARN.exec(value);
  if (match) {
    return { ok: true, value: { kind: 'arn', accountId: match[2], arn: value } };
  }
  if (value.startsWith('arn:')) {
    return {
      ok: false,
      error:
        `'${value}' is not an IAM principal ARN; expected ` +
        `arn:aws:iam::<account>:root, :user/<name> or :role/<name>`,
    };
  }
  return {
    ok: false,
    error: `'${value}' is neither a 12-digit AWS account ID nor an IAM principal ARN`,
  };
}

export function parseClusterRegion(input: string): Parsed<string> {
  const value = input.trim();
  return isRegion(value)
    ? { ok: true, value }
    : { ok: false, error: `'${value}' is not an AWS region name (expected e.g. us-east-1)` };
}

/** Combines the two settings; the partition follows the cluster's region. */
export function parseClusterSettings(principal: string, region: string): Parsed<ClusterSettings> {
  const parsedPrincipal = parseClusterPrincipal(principal);
  if (!parsedPrincipal.ok) {
    return parsedPrincipal;
  }
  const parsedRegion = parseClusterRegion(region);
  if (!parsedRegion.ok) {
    return parsedRegion;
  }
  const partition = partitionOfRegion(parsedRegion.value);
  const arnPartition =
    parsedPrincipal.value.kind === 'arn' ? parsedPrincipal.value.arn.split(':')[1] : null;
  if (arnPartition !== null && arnPartition !== partition) {
    return {
      ok: false,
      error:
        `principal ARN is in partition ${arnPartition} but region ${parsedRegion.value} ` +
        `is in ${partition}`,
    };
  }
  return {
    ok: true,
    value: { principal: parsedPrincipal.value, region: parsedRegion.value, partition },
  };
}
