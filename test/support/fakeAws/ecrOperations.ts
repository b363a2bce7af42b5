/**
 * ECR operations the project uses, with request and response shapes as in the ECR API model
 * (com.amazonaws.ecr, API version 2015-09-21). Validation and error codes follow what the
 * real service answers, so code under test meets the same failures it would meet in AWS.
 */
import { AwsError } from './awsError';
import type { EcrState, RepositoryRecord } from './state';
import type { ReplicationConfiguration } from './types';

/** Who is calling and where: from the SigV4 scope and the fake's credential map. */
export interface EcrCaller {
  account: string;
  arn: string;
  region: string;
}

type Input = Record<string, unknown>;
type Output = Record<string, unknown>;
type Handler = (state: EcrState, registryId: string, region: string, input: Input) => Output;

/** ECR stores at most this many characters of policy text. */
export const MAX_POLICY_TEXT_LENGTH = 10_240;

const REGISTRY_ID = /^[0-9]{12}$/;
const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

const HANDLERS: Record<string, Handler> = {
  GetRepositoryPolicy(state, registryId, region, input) {
    const repo = existingRepository(state, registryId, region, input);
    if (repo.policyText === undefined) {
      throw policyNotFound(repo);
    }
    return policyOutput(repo, repo.policyText);
  },

  SetRepositoryPolicy(state, registryId, region, input) {
    const repo = existingRepository(state, registryId, region, input);
    const policyText = requiredString(input, 'policyText');
    if (policyText.length > MAX_POLICY_TEXT_LENGTH || !isJsonObject(policyText)) {
      throw new AwsError(
        'InvalidParameterException',
        "Invalid parameter at 'PolicyText' failed to satisfy constraint: " +
          "'Invalid repository policy provided'",
      );
    }
    repo.policyText = policyText;
    return policyOutput(repo, policyText);
  },

  DeleteRepositoryPolicy(state, registryId, region, input) {
    const repo = existingRepository(state, registryId, region, input);
    const deleted = repo.policyText;
    if (deleted === undefined) {
      throw policyNotFound(repo);
    }
    repo.policyText = undefined;
    return policyOutput(repo, deleted);
  },

  DescribeRepositories(state, registryId, region, input) {
    const names = optionalStringList(input, 'repositoryNames');
    const paging = input.maxResults !== undefined || input.nextToken !== undefined;
    if (names && paging) {
      throw new AwsError(
        'InvalidParameterException',
        'maxResults and nextToken cannot be used when repositoryNames is specified',
      );
    }
    if (names) {
      const repositories = names.map((name) => {
        const repo = state.findRepository(registryId, region, name);
        if (!repo) {
          throw repositoryNotFound(name, registryId);
        }
        return repositoryShape(repo);
      });
      return { repositories };
    }
    return describePage(state.listRepositories(registryId, region), input);
  },

  DescribeRegistry(state, registryId, region) {
    return {
      registryId,
      replicationConfiguration: state.getReplication(registryId, region) ?? { rules: [] },
    };
  },

  PutReplicationConfiguration(state, registryId, region, input) {
    const config = validReplication(input.replicationConfiguration);
    state.setReplication(registryId, region, config);
    return { replicationConfiguration: config };
  },
};

/** Operations whose `registryId` input parameter selects the registry they act on. */
const TAKES_REGISTRY_ID = new Set([
  'GetRepositoryPolicy',
  'SetRepositoryPolicy',
  'DeleteRepositoryPolicy',
  'DescribeRepositories',
]);

export function isKnownEcrOperation(operation: string): boolean {
  return Object.prototype.hasOwnProperty.call(HANDLERS, operation);
}

/**
 * The registry (account) a call acts on: `registryId` when given, else the caller's own.
 * Registry-wide operations (DescribeRegistry, PutReplicationConfiguration) have no such
 * parameter and always act on the caller's registry.
 */
export function targetRegistryId(operation: string, input: Input, caller: EcrCaller): string {
  if (!TAKES_REGISTRY_ID.has(operation) || input.registryId === undefined) {
    return caller.account;
  }
  const registryId = input.registryId;
  if (typeof registryId !== 'string' || !REGISTRY_ID.test(registryId)) {
    throw validationError(
      'registryId',
      registryId,
      'satisfy regular expression pattern: [0-9]{12}',
    );
  }
  return registryId;
}

/** What real ECR says when an identity policy does not cover another account's registry. */
export function crossAccountDenied(
  operation: string,
  input: Input,
  caller: EcrCaller,
  registryId: string,
): AwsError {
  const name = typeof input.repositoryName === 'string' ? input.repositoryName : '*';
  const resource = `arn:aws:ecr:${caller.region}:${registryId}:repository/${name}`;
  return new AwsError(
    'AccessDeniedException',
    `User: ${caller.arn} is not authorized to perform: ecr:${operation} on resource: ` +
      `${resource} because no resource-based policy allows the ecr:${operation} action`,
  );
}

export function runEcrOperation(
  operation: string,
  state: EcrState,
  registryId: string,
  region: string,
  input: Input,
): Output {
  const handler = HANDLERS[operation];
  if (!handler) {
    throw new AwsError('UnknownOperationException', `Unknown operation ${operation}`);
  }
  return handler(state, registryId, region, input);
}

function existingRepository(
  state: EcrState,
  registryId: string,
  region: string,
  input: Input,
): RepositoryRecord {
  const name = requiredString(input, 'repositoryName');
  if (name.length < 2 || name.length > 256 || !REPOSITORY_NAME.test(name)) {
    throw validationError('repositoryName', name, 'satisfy regular expression pattern');
  }
  const repo = state.findRepository(registryId, region, name);
  if (!repo) {
    throw repositoryNotFound(name, registryId);
  }
  return repo;
}

function policyOutput(repo: RepositoryRecord, policyText: string): Output {
  return { registryId: repo.account, repositoryName: repo.name, policyText };
}

function repositoryShape(repo: RepositoryRecord): Output {
  return {
    repositoryArn: `arn:aws:ecr:${repo.region}:${repo.account}:repository/${repo.name}`,
    registryId: repo.account,
    repositoryName: repo.name,
    repositoryUri: `${repo.account}.dkr.ecr.${repo.region}.amazonaws.com/${repo.name}`,
    // awsJson1_1 sends timestamps as epoch seconds.
    createdAt: repo.createdAt.getTime() / 1000,
    imageTagMutability: 'MUTABLE',
    imageScanningConfiguration: { scanOnPush: false },
    encryptionConfiguration: { encryptionType: 'AES256' },
  };
}

/** Pages through a registry's repositories; the token is opaque to clients, as in AWS. */
function describePage(all: RepositoryRecord[], input: Input): Output {
  const maxResults = input.maxResults ?? 100;
  if (typeof maxResults !== 'number' || maxResults < 1 || maxResults > 1000) {
    throw validationError('maxResults', maxResults, 'have value between 1 and 1000');
  }
  let start = 0;
  if (input.nextToken !== undefined) {
    const token = typeof input.nextToken === 'string' ? input.nextToken : '';
    start = Number(Buffer.from(token, 'base64').toString('utf8'));
    if (!Number.isInteger(start) || start < 0 || start > all.length) {
      throw new AwsError('InvalidParameterException', 'Invalid parameter: nextToken');
    }
  }
  const end = start + maxResults;
  const page: Output = { repositories: all.slice(start, end).map(repositoryShape) };
  if (end < all.length) {
    page.nextToken = Buffer.from(String(end), 'utf8').toString('base64');
  }
  return page;
}

function validReplication(value: unknown): ReplicationConfiguration {
  const rules = (value as { rules?: unknown } | undefined)?.rules;
  if (!Array.isArray(rules) || rules.length > 10) {
    throw validationError('replicationConfiguration.rules', rules, 'have length at most 10');
  }
  for (const rule of rules as { destinations?: unknown }[]) {
    const destinations = rule?.destinations;
    if (!Array.isArray(destinations) || destinations.length < 1 || destinations.length > 25) {
      throw validationError('rules.destinations', destinations, 'have length between 1 and 25');
    }
    for (const destination of destinations as Input[]) {
      if (typeof destination?.region !== 'string' || typeof destination.registryId !== 'string') {
        throw new AwsError(
          'InvalidParameterException',
          'Invalid parameter: each destination needs region and registryId',
        );
      }
    }
  }
  return value as ReplicationConfiguration;
}

function repositoryNotFound(name: string, registryId: string): AwsError {
  return new AwsError(
    'RepositoryNotFoundException',
    `The repository with name '${name}' does not exist in the registry with id '${registryId}'`,
  );
}

function policyNotFound(repo: RepositoryRecord): AwsError {
  return new AwsError(
    'RepositoryPolicyNotFoundException',
    `Repository policy does not exist for the repository with name '${repo.name}' ` +
      `in the registry with id '${repo.account}'`,
  );
}

function validationError(member: string, value: unknown, constraint: string): AwsError {
  return new AwsError(
    'ValidationException',
    `1 validation error detected: Value '${String(value)}' at '${member}' ` +
      `failed to satisfy constraint: Member must ${constraint}`,
  );
}

function requiredString(input: Input, member: string): string {
  const value = input[member];
  if (typeof value !== 'string') {
    throw validationError(member, value ?? null, 'not be null');
  }
  return value;
}

function optionalStringList(input: Input, member: string): string[] | undefined {
  const value = input[member];
  if (value === undefined) {
    return undefined;
  }
  if (!Array.isArray(value) || value.length < 1 || value.length > 100) {
    throw validationError(member, value, 'have length between 1 and 100');
  }
  return value.map(String);
}

function isJsonObject(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}
