import { ClusterPrincipal, ClusterSettings } from './clusterSettings';
import { deepFreeze } from './deepFreeze';
import { Finding, FindingCode, FindingSeverity } from './finding';
import { EcrImage, parseImageReference } from './imageUri';
import { Partition } from './partition';
import { buildRepositoryPolicy } from './policyBuilder';
import { PolicyDocument } from './policyDocument';
import { ImageSite } from './templateModel';

/** Who is asking, in words: `service 'api'`, `job 'migrate'`, `container 'proxy' of 'api'`. */
export function describeOwner(site: ImageSite): string {
  const kind = site.ownerKind === 'cron_job' ? 'cron job' : site.ownerKind;
  const name = site.ownerName ?? site.topLevelName;
  if (site.ownerKind === 'container') {
    const own = site.ownerName ? `container '${site.ownerName}'` : 'nested container';
    return site.topLevelName ? `${own} of '${site.topLevelName}'` : own;
  }
  return name === null ? `unnamed ${kind}` : `${kind} '${name}'`;
}

/**
 * The findings for one image site. With no cluster configured, only what can be said
 * without one (malformed or hidden references) is reported.
 */
export function checkImageSite(site: ImageSite, cluster: ClusterSettings | null): Finding[] {
  const reference = parseImageReference(site.reference);

  switch (reference.kind) {
    case 'other':
      return [];
    case 'invalid-ecr':
      return [
        siteFinding(
          site,
          'invalid-ecr-image',
          'error',
          `Invalid ECR image for ${describeOwner(site)}: ${reference.problem}.`,
        ),
      ];
    case 'unresolved':
      return [
        siteFinding(
          site,
          'unresolved-image',
          'information',
          `The registry of ${describeOwner(site)} is set by ${reference.placeholder} at deploy ` +
            `time, so cross-account and region access cannot be checked here.`,
        ),
      ];
    case 'ecr':
      return cluster === null ? [] : checkEcrImage(site, reference.image, cluster);
  }
}

// Written out, not spread from a shared base object: V8's spread with added properties is
// slow enough to show in the analysis of big templates.
function siteFinding(
  site: ImageSite,
  code: FindingCode,
  severity: FindingSeverity,
  message: string,
): Finding {
  return { range: site.range, site, image: null, policy: null, code, severity, message };
}

// Every cross-account finding of a cluster in one partition proposes the same policy: one
// frozen document each, not one per finding.
const pullPolicies = new WeakMap<ClusterPrincipal, Map<Partition, PolicyDocument>>();

function pullPolicyFor(principal: ClusterPrincipal, partition: Partition): PolicyDocument {
  let byPartition = pullPolicies.get(principal);
  if (byPartition === undefined) {
    byPartition = new Map();
    pullPolicies.set(principal, byPartition);
  }
  let policy = byPartition.get(partition);
  if (policy === undefined) {
    policy = deepFreeze(buildRepositoryPolicy(principal, partition));
    byPartition.set(partition, policy);
  }
  return policy;
}

function checkEcrImage(site: ImageSite, image: EcrImage, cluster: ClusterSettings): Finding[] {
  const findings: Finding[] = [];
  const clusterAccount = cluster.principal.accountId;
  const crossAccount = image.registryId !== clusterAccount;

  if (crossAccount) {
    findings.push({
      code: 'cross-account',
      severity: 'warning',
      message:
        `Repository '${image.repository}' is in AWS account ${image.registryId}, not the ` +
        `cluster's account ${clusterAccount}: ReleaseHub can pull it only if the repository ` +
        `policy grants ${clusterAccount} pull access.`,
      range: site.range,
      site,
      image,
      policy: pullPolicyFor(cluster.principal, image.partition),
    });
  }

  if (image.region !== cluster.region) {
    findings.push({
      code: 'region-mismatch',
      severity: crossAccount ? 'error' : 'warning',
      message: describeRegionMismatch(image, cluster, crossAccount),
      range: site.range,
      site,
      image,
      policy: null,
    });
  }
  return findings;
}

function describeRegionMismatch(image: EcrImage, cluster: ClusterSettings, crossAccount: boolean) {
  const where =
    `Repository '${image.repository}' is in region ${image.region}, but the cluster runs in ` +
    `${cluster.region}`;
  if (image.partition !== cluster.partition) {
    return (
      `${where}, another partition (${image.partition}, not ${cluster.partition}): the cluster ` +
      `cannot pull it, and replication never crosses partitions.`
    );
  }
  return crossAccount
    ? `${where}: cross-account pulls work only in the cluster's region. Replicate the image ` +
        `to ${cluster.region} and pull the replica.`
    : `${where}: every pull crosses regions. Consider replicating the image to ${cluster.region}.`;
}
