/**
 * An error the fake answers with. Handlers throw it; the protocol layer of the service that
 * received the request encodes it (JSON `__type` for ECR, XML `<Code>` for STS).
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}
