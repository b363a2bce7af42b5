/**
 * One test's AWS environment. The code under test builds its credentials from the SDK's
 * default chain, so a test controls them only through the process environment and the shared
 * files. Every AWS_* variable is set aside, the shared config and credentials files point into
 * a fresh temp folder (never ~/.aws), and instance metadata is off, so the chain can only find
 * what the test put there and can never reach for the metadata address.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { StaticCredentials } from './fakeAws';

export interface AwsEnvironment {
  /** A fresh temp folder, unique to this environment, removed by restore(). */
  readonly folder: string;
  readonly configFile: string;
  readonly credentialsFile: string;
  /** Puts back exactly the variables the process had before. */
  restore(): void;
}

/** Settings every AWS environment a test builds has, whatever else it adds. */
export function baseAwsVariables(folder: string): Record<string, string> {
  return {
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: path.join(folder, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(folder, 'credentials'),
  };
}

/** Static credentials as the SDK's environment provider reads them. */
export function credentialVariables(credentials: StaticCredentials): Record<string, string> {
  const variables: Record<string, string> = {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  };
  if (credentials.sessionToken !== undefined) {
    variables.AWS_SESSION_TOKEN = credentials.sessionToken;
  }
  return variables;
}

/** Replaces the process's AWS variables with the base ones plus `variables`. */
export function isolateAwsEnvironment(variables: Record<string, string> = {}): AwsEnvironment {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'releasehub-aws-env-'));
  const saved = Object.entries(process.env).filter(([name]) => name.startsWith('AWS_'));
  for (const [name] of saved) {
    delete process.env[name];
  }
  Object.assign(process.env, baseAwsVariables(folder), variables, {
    // Set by the fake's entry module too; the SDK reads it when a client is built.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });

  const base = baseAwsVariables(folder);
  return {
    folder,
    configFile: base.AWS_CONFIG_FILE,
    credentialsFile: base.AWS_SHARED_CREDENTIALS_FILE,
    restore() {
      for (const name of Object.keys(process.env).filter((key) => key.startsWith('AWS_'))) {
        delete process.env[name];
      }
      for (const [name, value] of saved) {
        process.env[name] = value;
      }
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Writes a shared credentials file with one section per profile. */
export function writeSharedCredentials(
  file: string,
  profiles: Record<string, StaticCredentials>,
): void {
  const sections = Object.entries(profiles).map(
    ([profile, credentials]) =>
      `[${profile}]\n` +
      `aws_access_key_id = ${credentials.accessKeyId}\n` +
      `aws_secret_access_key = ${credentials.secretAccessKey}\n`,
  );
  fs.writeFileSync(file, sections.join('\n'), { mode: 0o600 });
}
