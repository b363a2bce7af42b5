/**
 * AWS partitions and the registry host suffixes each one uses. A partition decides the ARN
 * prefix of a principal (`arn:aws-cn:...` in China), so it must follow the image's region.
 */
export type Partition =
  | 'aws'
  | 'aws-cn'
  | 'aws-us-gov'
  | 'aws-iso'
  | 'aws-iso-b'
  | 'aws-iso-e'
  | 'aws-iso-f'
  | 'aws-eusc';

interface PartitionShape {
  readonly partition: Partition;
  readonly regionPrefix: RegExp;
  /** Host suffixes of private registries (IPv4 endpoints). */
  readonly registrySuffixes: readonly string[];
  /** Host suffixes of dual-stack registries (`<account>.dkr-ecr.<region>.<suffix>`). */
  readonly dualStackSuffixes: readonly string[];
}

// Order matters: the more specific region prefixes come first.
const PARTITIONS: readonly PartitionShape[] = [
  {
    partition: 'aws-cn',
    regionPrefix: /^cn-/,
    registrySuffixes: ['amazonaws.com.cn'],
    dualStackSuffixes: ['on.amazonwebservices.com.cn'],
  },
  {
    partition: 'aws-us-gov',
    regionPrefix: /^us-gov-/,
    registrySuffixes: ['amazonaws.com'],
    dualStackSuffixes: ['on.aws'],
  },
  {
    partition: 'aws-iso-b',
    regionPrefix: /^us-isob-/,
    registrySuffixes: ['sc2s.sgov.gov'],
    dualStackSuffixes: [],
  },
  {
    partition: 'aws-iso-f',
    regionPrefix: /^us-isof-/,
    registrySuffixes: ['csp.hci.ic.gov'],
    dualStackSuffixes: [],
  },
  {
    partition: 'aws-iso',
    regionPrefix: /^us-iso-/,
    registrySuffixes: ['c2s.ic.gov'],
    dualStackSuffixes: [],
  },
  {
    partition: 'aws-iso-e',
    regionPrefix: /^eu-isoe-/,
    registrySuffixes: ['cloud.adc-e.uk'],
    dualStackSuffixes: [],
  },
  {
    partition: 'aws-eusc',
    regionPrefix: /^eusc-/,
    registrySuffixes: ['amazonaws.eu'],
    dualStackSuffixes: [],
  },
  {
    partition: 'aws',
    regionPrefix: /^/,
    registrySuffixes: ['amazonaws.com'],
    dualStackSuffixes: ['on.aws'],
  },
];

/**
 * Region names such as `us-east-1`, `us-gov-west-1`, `eusc-de-east-1`. Only the shape is
 * checked: regions are added every year, and a stale list would reject real ones.
 */
export const REGION_PATTERN = /^[a-z]{2,4}(?:-[a-z]+)+-\d{1,2}$/;

export function isRegion(value: string): boolean {
  return REGION_PATTERN.test(value);
}

function shapeOf(region: string): PartitionShape {
  // The last entry matches every region, so find() never fails.
  return PARTITIONS.find((shape) => shape.regionPrefix.test(region)) as PartitionShape;
}

export function partitionOfRegion(region: string): Partition {
  return shapeOf(region).partition;
}

export function registrySuffixesOf(region: string, dualStack: boolean): readonly string[] {
  const shape = shapeOf(region);
  return dualStack ? shape.dualStackSuffixes : shape.registrySuffixes;
}

/** Every suffix any partition uses, longest first so `amazonaws.com.cn` wins over `.com`. */
export const ALL_REGISTRY_SUFFIXES: readonly string[] = [
  ...new Set(
    PARTITIONS.flatMap((shape) => [...shape.registrySuffixes, ...shape.dualStackSuffixes]),
  ),
].sort((a, b) => b.length - a.length);
