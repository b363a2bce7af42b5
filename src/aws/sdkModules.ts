// Everything taken from the AWS SDK, in one module so it loads as one lazy chunk.
export {
  DeleteRepositoryPolicyCommand,
  ECRClient,
  GetRepositoryPolicyCommand,
  SetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
export { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
export { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
