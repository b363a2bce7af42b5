import { deepFreeze } from './deepFreeze';
import {
  ALL_REGISTRY_SUFFIXES,
  Partition,
  isRegion,
  partitionOfRegion,
  registrySuffixesOf,
} from './partition';

/** A private ECR image reference, split into the parts the rules and policies need. */
export interface EcrImage {
  readonly registryId: string;
  readonly region: string;
  readonly partition: Partition;
  readonly repository: string;
  readonly tag: string | null;
  readonly digest: string | null;
  readonly host: string;
  readonly fips: boolean;
  readonly dualStack: boolean;
}

export type ImageReference =
  | { readonly kind: 'ecr'; readonly image: EcrImage }
  /** The host claims to be a private ECR registry but breaks its grammar. */
  | { readonly kind: 'invalid-ecr'; readonly problem: string }
  /** `${...}` interpolation hides the registry, so nothing can be said about it offline. */
  | { readonly kind: 'unresolved'; readonly placeholder: string }
  /** Docker Hub, ECR Public, other registries, logical names: no repository policy applies. */
  | { readonly kind: 'other' };

const ACCOUNT_ID = /^\d{12}$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
// One path component: lowercase alphanumerics joined by '.', '_', '__' or runs of '-'.
const REPOSITORY_COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const INTERPOLATION = /\$\{[^}]*\}/g;
// Labels that only an ECR registry host carries; a host with one of them is judged as ECR
// when it also looks like a registry (`dkr`) or sits under an AWS domain.
const ECR_SERVICE_LABELS = new Set(['ecr', 'ecr-fips', 'dkr-ecr', 'dkr-ecr-fips']);
const REGISTRY_LABELS = new Set(['dkr', 'dkr-ecr', 'dkr-ecr-fips']);

// Templates repeat their images, and every edit analyses the whole text again: results are
// immutable, so one read per distinct string serves them all. Two generations: when the
// recent one is full it becomes the older one, whose entries move back up when read again,
// so the images of a 10,000-service template (about 8,000 distinct) stay in.
const REFERENCES_PER_GENERATION = 8192;
let recentReferences = new Map<string, ImageReference>();
let olderReferences = new Map<string, ImageReference>();

/**
 * Reads an image reference as written in a template. Whitespace around it is ignored;
 * anything that is not a private ECR host is `other`.
 */
export function parseImageReference(raw: string): ImageReference {
  const recent = recentReferences.get(raw);
  if (recent !== undefined) {
    return recent;
  }
  const older = olderReferences.get(raw);
  const key = detached(raw);
  const reference = older ?? deepFreeze(readImageReference(key));
  if (recentReferences.size >= REFERENCES_PER_GENERATION) {
    olderReferences = recentReferences;
    recentReferences = new Map();
  }
  recentReferences.set(key, reference);
  return reference;
}

/**
 * The same characters in a string of their own. A value the YAML parser cut from a template
 * is a slice that keeps the whole template text alive, as is every string cut from it: kept in
 * the memo, each edited image would hold on to one more copy of the template.
 */
function detached(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

function readImageReference(raw: string): ImageReference {
  const reference = raw.trim();
  const slash = indexOutsideInterpolation(reference, '/', 0);
  const hostPart = slash === -1 ? reference : reference.slice(0, slash);

  if (hostPart.includes('${')) {
    return classifyHiddenRegistry(reference, hostPart, slash);
  }
  if (!looksLikeHost(hostPart)) {
    return { kind: 'other' };
  }

  const host = stripPort(hostPart).toLowerCase();
  const labels = host.split('.');
  if (!claimsEcr(host, labels)) {
    return { kind: 'other' };
  }
  // An ECR host with nothing after it is a registry without a repository.
  return parseEcrReference(host, labels, slash === -1 ? '' : reference.slice(slash + 1));
}

function classifyHiddenRegistry(
  reference: string,
  hostPart: string,
  slash: number,
): ImageReference {
  // `${IMAGE}` alone or `${REGISTRY}/app`: the registry is unknown until deploy time.
  if (slash === -1 && !reference.startsWith('${')) {
    return { kind: 'other' };
  }
  // `mirror-${env}.example.com/app`: whatever the value, the domain written after it is not AWS.
  const host = stripPort(hostPart).toLowerCase();
  const literalDomain = host.slice(host.lastIndexOf('}') + 1);
  const awsDomain = ALL_REGISTRY_SUFFIXES.some((suffix) => literalDomain.endsWith(`.${suffix}`));
  if (literalDomain.includes('.') && !awsDomain) {
    return { kind: 'other' };
  }
  const placeholder = /\$\{[^}]*\}?/.exec(hostPart)?.[0] ?? hostPart;
  return { kind: 'unresolved', placeholder };
}

function looksLikeHost(component: string): boolean {
  // Docker's rule: the first component is a registry when it has a dot or a port.
  return component.includes('.') || component.includes(':') || component === 'localhost';
}

function stripPort(hostPart: string): string {
  const colon = hostPart.lastIndexOf(':');
  return colon === -1 ? hostPart : hostPart.slice(0, colon);
}

function claimsEcr(host: string, labels: readonly string[]): boolean {
  if (host === 'public.ecr.aws' || host.endsWith('.public.ecr.aws')) {
    return false;
  }
  // `registry.ecr.example.com` is someone's own registry, not ECR.
  const registryLike =
    labels.some((label) => REGISTRY_LABELS.has(label)) ||
    ALL_REGISTRY_SUFFIXES.some((suffix) => host.endsWith(`.${suffix}`));
  return registryLike && labels.some((label) => ECR_SERVICE_LABELS.has(label));
}

function invalid(problem: string): ImageReference {
  return { kind: 'invalid-ecr', problem };
}

interface EcrHost {
  readonly registryId: string;
  readonly region: string;
  readonly partition: Partition;
  readonly fips: boolean;
  readonly dualStack: boolean;
}

function parseEcrHost(host: string, labels: readonly string[]): EcrHost | string {
  const [account, service] = labels;
  let regionIndex: number;
  let fips: boolean;
  let dualStack: boolean;

  if (service === 'dkr' && (labels[2] === 'ecr' || labels[2] === 'ecr-fips')) {
    regionIndex = 3;
    fips = labels[2] === 'ecr-fips';
    dualStack = false;
  } else if (service === 'dkr-ecr' || service === 'dkr-ecr-fips') {
    regionIndex = 2;
    fips = service === 'dkr-ecr-fips';
    dualStack = true;
  } else {
    return (
      `registry host '${host}' does not have the form ` + `<account>.dkr.ecr.<region>.amazonaws.com`
    );
  }

  if (!ACCOUNT_ID.test(account)) {
    return describeBadAccount(account);
  }

  const region = labels[regionIndex] ?? '';
  if (!isRegion(region)) {
    return region === ''
      ? `registry host '${host}' has no region`
      : `'${region}' is not an AWS region name (expected something like us-east-1)`;
  }

  const suffix = labels.slice(regionIndex + 1).join('.');
  const expected = registrySuffixesOf(region, dualStack);
  if (!expected.includes(suffix)) {
    return describeBadSuffix(region, suffix, expected, dualStack);
  }

  return { registryId: account, region, partition: partitionOfRegion(region), fips, dualStack };
}

function describeBadAccount(account: string): string {
  if (/^\d+$/.test(account)) {
    return `registry account '${account}' has ${account.length} digits; an AWS account ID has 12`;
  }
  return `registry account '${account}' is not a 12-digit AWS account ID`;
}

function describeBadSuffix(
  region: string,
  suffix: string,
  expected: readonly string[],
  dualStack: boolean,
): string {
  const partition = partitionOfRegion(region);
  if (expected.length === 0) {
    return `region ${region} (partition ${partition}) has no dual-stack registry endpoint`;
  }
  const known = ALL_REGISTRY_SUFFIXES.includes(suffix);
  const kind = dualStack ? 'dual-stack registry hosts' : 'registry hosts';
  const shown = suffix === '' ? '(nothing)' : suffix;
  return known
    ? `region ${region} is in partition ${partition}, whose ${kind} end in ` +
        `${expected.join(' or ')}, not ${shown}`
    : `registry host must end in ${expected.join(' or ')} for region ${region}, not ${shown}`;
}

interface RepositoryPath {
  readonly repository: string;
  readonly tag: string | null;
  readonly digest: string | null;
}

function splitRepositoryPath(path: string): RepositoryPath {
  const at = path.indexOf('@');
  const beforeDigest = at === -1 ? path : path.slice(0, at);
  const digest = at === -1 ? null : path.slice(at + 1);

  // A tag's colon comes after the last slash; `${a:-b}` style defaults are not tags.
  const lastSlash = beforeDigest.lastIndexOf('/');
  const colon = indexOutsideInterpolation(beforeDigest, ':', lastSlash + 1);
  if (colon === -1) {
    return { repository: beforeDigest, tag: null, digest };
  }
  return {
    repository: beforeDigest.slice(0, colon),
    tag: beforeDigest.slice(colon + 1),
    digest,
  };
}

/** The first `char` at or after `from` that is not inside a `${...}`; -1 when there is none. */
function indexOutsideInterpolation(text: string, char: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}' && depth > 0) {
      depth--;
    } else if (text[i] === char && depth === 0) {
      return i;
    }
  }
  return -1;
}

/** Interpolated parts are judged at deploy time; validate the literal text around them. */
function withoutInterpolation(value: string): string {
  // Most values have none; the test is cheaper than a global replace that finds nothing.
  return value.includes('${') ? value.replace(INTERPOLATION, 'x') : value;
}

function checkRepository(repository: string): string | null {
  if (repository === '') {
    return 'the repository name is missing after the registry host';
  }
  const literal = withoutInterpolation(repository);
  if (literal !== literal.toLowerCase()) {
    return `repository name '${repository}' must be lowercase`;
  }
  // An interpolated part may expand to any length, so it cannot make the name too short.
  const tooShort = literal.length < 2 && !repository.includes('${');
  if (tooShort || literal.length > 256) {
    return `repository name '${repository}' must be 2 to 256 characters long (it has ${literal.length})`;
  }
  const badComponent = literal.split('/').find((part) => !REPOSITORY_COMPONENT.test(part));
  if (badComponent !== undefined) {
    return badComponent === ''
      ? `repository name '${repository}' has an empty path component`
      : `repository name '${repository}' has an invalid component '${badComponent}' ` +
          `(lowercase letters and digits, joined by '.', '_', '__' or '-')`;
  }
  return null;
}

function checkTag(tag: string | null): string | null {
  if (tag === null) {
    return null;
  }
  const literal = withoutInterpolation(tag);
  if (literal === '') {
    return "the tag after ':' is empty";
  }
  if (literal.length > 128) {
    return `tag is ${literal.length} characters long; at most 128 are allowed`;
  }
  return TAG.test(literal)
    ? null
    : `tag '${tag}' may contain only letters, digits, '_', '.' and '-', and cannot start with '.' or '-'`;
}

function checkDigest(digest: string | null): string | null {
  if (digest === null || digest.includes('${')) {
    return null;
  }
  if (DIGEST.test(digest)) {
    return null;
  }
  if (!digest.startsWith('sha256:')) {
    return `digest '${digest}' must start with 'sha256:'`;
  }
  const hex = digest.slice('sha256:'.length);
  return hex.length !== 64
    ? `digest has ${hex.length} hex characters after 'sha256:'; it needs 64`
    : `digest '${digest}' must be 64 lowercase hex characters after 'sha256:'`;
}

function parseEcrReference(host: string, labels: readonly string[], path: string): ImageReference {
  const registry = parseEcrHost(host, labels);
  if (typeof registry === 'string') {
    return invalid(registry);
  }

  const { repository, tag, digest } = splitRepositoryPath(path);
  const problem = checkRepository(repository) ?? checkTag(tag) ?? checkDigest(digest);
  if (problem !== null) {
    return invalid(problem);
  }

  // Listed rather than spread from `registry`: V8's spread with added properties is ~50x
  // slower, which showed in the analysis of big templates. Same order as the spread.
  const image: EcrImage = {
    registryId: registry.registryId,
    region: registry.region,
    partition: registry.partition,
    fips: registry.fips,
    dualStack: registry.dualStack,
    host,
    repository,
    tag,
    digest,
  };
  return { kind: 'ecr', image };
}

/** The repository's ARN, as ECR names it in policies and errors. */
export function repositoryArn(image: EcrImage): string {
  return `arn:${image.partition}:ecr:${image.region}:${image.registryId}:repository/${image.repository}`;
}
