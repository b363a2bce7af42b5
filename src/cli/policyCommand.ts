import { parseImageReference } from '../core/imageUri';
import { buildRepositoryPolicy } from '../core/policyBuilder';
import { formatPolicy } from '../core/policyDocument';
import { principalFromOptions } from './clusterOptions';
import { UsageError } from './usageError';

interface PolicyArguments {
  values: { 'cluster-account'?: string; 'cluster-principal'?: string };
  positionals: string[];
}

/** Prints the repository policy that lets the cluster pull IMAGE. */
export function runPolicy({ values, positionals }: PolicyArguments): number {
  if (positionals.length !== 1) {
    throw new UsageError('policy takes exactly one IMAGE');
  }
  const principal = principalFromOptions(values, process.env);
  const reference = parseImageReference(positionals[0]);

  switch (reference.kind) {
    case 'ecr':
      process.stdout.write(
        formatPolicy(buildRepositoryPolicy(principal, reference.image.partition)),
      );
      return 0;
    case 'invalid-ecr':
      throw new UsageError(`invalid ECR image: ${reference.problem}`);
    case 'unresolved':
      throw new UsageError(`the image's registry is hidden by ${reference.placeholder}`);
    case 'other':
      throw new UsageError(`'${positionals[0]}' is not a private ECR image; no policy applies`);
  }
}
