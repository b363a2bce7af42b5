/** How to reach AWS: the user's profile, and an endpoint override for local fakes. */
export interface AwsConnection {
  /** A profile from the shared config/credentials files; undefined uses the default chain. */
  readonly profile?: string;
  /** Sends ECR and STS calls to this URL instead of AWS (tests, private endpoints). */
  readonly endpoint?: string;
  readonly maxAttempts?: number;
  readonly requestTimeoutMs?: number;
}

/** A user-given endpoint must be an http(s) URL; anything else is refused before any call. */
export function checkEndpoint(endpoint: string | undefined): string | null {
  if (endpoint === undefined || endpoint.trim() === '') {
    return null;
  }
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return `endpoint '${endpoint}' is not a URL`;
  }
  return url.protocol === 'http:' || url.protocol === 'https:'
    ? null
    : `endpoint '${endpoint}' must start with http:// or https://`;
}
