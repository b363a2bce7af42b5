/**
 * FakeAws: ECR and STS on one loopback port, speaking the real wire protocols so the real
 * AWS SDK v3 clients (signing, serialization, retries, timeouts) run end to end against it.
 * Tests seed state, script faults, then assert on `calls` and on the stored state.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError } from './awsError';
import { CredentialStore, type Caller } from './credentials';
import {
  ECR_CONTENT_TYPE,
  ecrError,
  ecrOperationFromTarget,
  ecrSuccess,
  parseEcrInput,
  type WireResponse,
} from './ecrProtocol';
import {
  crossAccountDenied,
  isKnownEcrOperation,
  runEcrOperation,
  targetRegistryId,
} from './ecrOperations';
import { ANY_OPERATION, assertFaultFits, FaultQueue, faultError } from './faults';
import { LoopbackServer, readBody } from './loopbackServer';
import { parseAuthorization, type SignedRequest } from './sigv4';
import { EcrState } from './state';
import { parseStsRequest, runStsAction, stsError, stsSuccess } from './stsProtocol';
import type {
  CallRecord,
  CredentialsConfig,
  ErrorOverrides,
  Fault,
  ReplicationConfiguration,
  RepositorySeed,
  Service,
  StaticCredentials,
} from './types';

/** What an ECRClient or STSClient needs to talk to the fake and nothing else. */
export interface FakeClientConfig {
  endpoint: string;
  region: string;
  credentials: StaticCredentials;
  maxAttempts?: number;
}

interface ConcurrentChange {
  operation: string;
  policyText: string | undefined;
  remaining: number;
}

/** How a request ends: a response, a dropped connection, or nothing because stop() ran. */
type Outcome = WireResponse | 'reset' | 'stopped';

export class FakeAws {
  /** Every request received, in arrival order; filled in as each one completes. */
  readonly calls: CallRecord[] = [];

  private readonly server = new LoopbackServer((req, res) => this.handle(req, res));
  private readonly credentials = new CredentialStore();
  private readonly ecr = new EcrState();
  private readonly faults = new FaultQueue();
  private readonly crossAccountGrants = new Set<string>();
  private readonly concurrentChanges: ConcurrentChange[] = [];

  /** `http://127.0.0.1:<port>`, for the SDK clients' `endpoint`. */
  get url(): string {
    return this.server.url;
  }

  start(): Promise<void> {
    return this.server.start();
  }

  /** Closes the listener and every open socket; pending delayed calls are dropped. */
  stop(): Promise<void> {
    return this.server.stop();
  }

  // --- identities -------------------------------------------------------------------------

  /** Registers an access key; returns the credentials to give the SDK client. */
  addCredentials(config: CredentialsConfig): StaticCredentials {
    return this.credentials.add(config);
  }

  /** Every later request with this key fails with ExpiredTokenException, on ECR and STS. */
  expireCredentials(accessKeyId: string): void {
    this.credentials.expire(accessKeyId);
  }

  /** Lets `callerAccount` act on `registryAccount`'s registry (denied by default). */
  grantCrossAccount(callerAccount: string, registryAccount: string): void {
    this.crossAccountGrants.add(`${callerAccount}->${registryAccount}`);
  }

  /** Config for an SDK client that talks only to this fake. */
  clientConfig(
    credentials: StaticCredentials,
    region: string,
    maxAttempts?: number,
  ): FakeClientConfig {
    const config: FakeClientConfig = { endpoint: this.url, region, credentials };
    if (maxAttempts !== undefined) {
      config.maxAttempts = maxAttempts;
    }
    return config;
  }

  // --- ECR state --------------------------------------------------------------------------

  addRepository(seed: RepositorySeed): void {
    this.ecr.addRepository(seed);
  }

  /** The stored policy text, undefined when the repository has none; throws if not seeded. */
  getPolicy(account: string, region: string, name: string): string | undefined {
    return this.ecr.requireRepository(account, region, name).policyText;
  }

  /** Changes a stored policy behind the client's back (undefined removes it). */
  setPolicy(account: string, region: string, name: string, policyText: string | undefined): void {
    this.ecr.requireRepository(account, region, name).policyText = policyText;
  }

  getReplicationConfiguration(
    account: string,
    region: string,
  ): ReplicationConfiguration | undefined {
    return this.ecr.getReplication(account, region);
  }

  setReplicationConfiguration(
    account: string,
    region: string,
    config: ReplicationConfiguration,
  ): void {
    this.ecr.setReplication(account, region, config);
  }

  // --- calls ------------------------------------------------------------------------------

  callsTo(operation: string): CallRecord[] {
    return this.calls.filter((call) => call.operation === operation);
  }

  clearCalls(): void {
    this.calls.length = 0;
  }

  // --- scripted faults --------------------------------------------------------------------

  /**
   * Makes the next `times` calls of `operation` ('*' for any) meet `fault`. Faults queue up
   * in order; a call consumes the first fault of its own operation, else the first of '*'.
   */
  injectFault(operation: string, fault: Fault, times = 1): void {
    assertFaultFits(serviceOf(operation), fault);
    this.faults.add(operation, fault, times);
  }

  throttle(operation: string, times = 1, overrides: ErrorOverrides = {}): void {
    this.injectFault(operation, { kind: 'throttle', ...overrides }, times);
  }

  serverError(operation: string, times = 1, overrides: ErrorOverrides = {}): void {
    this.injectFault(operation, { kind: 'serverError', ...overrides }, times);
  }

  denyAccess(operation: string, times = 1, overrides: ErrorOverrides = {}): void {
    this.injectFault(operation, { kind: 'accessDenied', ...overrides }, times);
  }

  expireToken(operation: string, times = 1, overrides: ErrorOverrides = {}): void {
    this.injectFault(operation, { kind: 'expiredToken', ...overrides }, times);
  }

  repositoryNotFound(operation: string, times = 1): void {
    this.injectFault(operation, { kind: 'repositoryNotFound' }, times);
  }

  resetConnection(operation: string, times = 1): void {
    this.injectFault(operation, { kind: 'reset' }, times);
  }

  delay(operation: string, ms: number, times = 1): void {
    this.injectFault(operation, { kind: 'delay', ms }, times);
  }

  /**
   * Simulates another writer: right after the next successful `operation` call on a
   * repository has produced its response (before it is sent), the stored policy of that same
   * repository becomes `policyText` (undefined deletes it). A read-modify-write client then
   * reads one policy while the service already holds another.
   */
  injectConcurrentChangeAfter(operation: string, policyText: string | undefined, times = 1): void {
    if (serviceOf(operation) !== 'ecr') {
      throw new Error(`fakeAws: ${operation} is not an ECR operation`);
    }
    this.concurrentChanges.push({ operation, policyText, remaining: times });
  }

  /** Scripted faults not yet used, so a test can check its script ran to the end. */
  pendingFaults(): ReturnType<FaultQueue['pending']> {
    return this.faults.pending();
  }

  clearFaults(): void {
    this.faults.clear();
    this.concurrentChanges.length = 0;
  }

  // --- request pipeline -------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const service = classify(req);
    const record: CallRecord = { service, operation: '', input: {}, status: 0 };
    this.calls.push(record);
    let outcome: Outcome;
    try {
      outcome = await this.process(req, service, record);
    } catch (error) {
      const awsError =
        error instanceof AwsError
          ? error
          : new AwsError(
              service === 'sts' ? 'InternalFailure' : 'ServerException',
              `fakeAws internal error: ${error instanceof Error ? error.message : String(error)}`,
              500,
            );
      const requestId = randomUUID();
      outcome = service === 'sts' ? stsError(awsError, requestId) : ecrError(awsError, requestId);
    }
    this.send(req, res, record, outcome);
  }

  /** Runs one request; AWS errors are thrown as AwsError and encoded by handle(). */
  private async process(
    req: IncomingMessage,
    service: Service,
    record: CallRecord,
  ): Promise<Outcome> {
    const body = await readBody(req).catch((error: Error) => {
      throw new AwsError('SerializationException', error.message, 413);
    });
    if (req.method !== 'POST' || service === 'unknown') {
      throw new AwsError('UnknownOperationException', 'Request matched neither ECR nor STS');
    }
    const auth = parseAuthorization(headerText(req, 'authorization'));
    record.accessKeyId = auth?.accessKeyId;
    record.region = auth?.region;

    let ecrInput: Record<string, unknown> = {};
    let stsRequest: ReturnType<typeof parseStsRequest> | undefined;
    if (service === 'ecr') {
      record.operation = ecrOperationFromTarget(headerText(req, 'x-amz-target')) ?? '';
      if (headerText(req, 'content-type') !== ECR_CONTENT_TYPE) {
        throw new AwsError('SerializationException', `Content-Type must be ${ECR_CONTENT_TYPE}`);
      }
      ecrInput = parseEcrInput(body);
      record.input = ecrInput;
    } else {
      stsRequest = parseStsRequest(body);
      record.operation = stsRequest.action;
      record.input = stsRequest.params;
    }

    const signed: SignedRequest = {
      method: req.method,
      url: req.url ?? '/',
      headers: req.headers,
      body,
    };
    const caller = this.credentials.authenticate(service, signed, auth);
    record.account = caller.account;

    const fault = this.faults.take(record.operation);
    if (fault) {
      record.fault = fault.kind;
      if (fault.kind === 'reset') {
        return 'reset';
      }
      if (fault.kind === 'delay') {
        if (!(await this.server.sleep(fault.ms))) {
          return 'stopped';
        }
      } else {
        throw faultError(service, fault);
      }
    }

    const requestId = randomUUID();
    if (stsRequest) {
      const result = runStsAction(stsRequest, caller);
      return stsSuccess(stsRequest.action, result, requestId);
    }
    const output = this.runEcr(record, ecrInput, caller);
    return ecrSuccess(output, requestId);
  }

  private runEcr(
    record: CallRecord,
    input: Record<string, unknown>,
    caller: Caller,
  ): Record<string, unknown> {
    const ecrCaller = { account: caller.account, arn: caller.arn, region: caller.region };
    const registryId = targetRegistryId(record.operation, input, ecrCaller);
    record.registryId = registryId;
    if (
      registryId !== caller.account &&
      !this.crossAccountGrants.has(`${caller.account}->${registryId}`)
    ) {
      throw crossAccountDenied(record.operation, input, ecrCaller, registryId);
    }
    const output = runEcrOperation(record.operation, this.ecr, registryId, caller.region, input);
    this.applyConcurrentChange(record.operation, registryId, caller.region, input);
    return output;
  }

  private applyConcurrentChange(
    operation: string,
    registryId: string,
    region: string,
    input: Record<string, unknown>,
  ): void {
    const index = this.concurrentChanges.findIndex((c) => c.operation === operation);
    const repo =
      typeof input.repositoryName === 'string'
        ? this.ecr.findRepository(registryId, region, input.repositoryName)
        : undefined;
    if (index < 0 || !repo) {
      return;
    }
    const change = this.concurrentChanges[index];
    repo.policyText = change.policyText;
    change.remaining -= 1;
    if (change.remaining <= 0) {
      this.concurrentChanges.splice(index, 1);
    }
  }

  private send(
    req: IncomingMessage,
    res: ServerResponse,
    record: CallRecord,
    outcome: Outcome,
  ): void {
    if (outcome === 'stopped') {
      return;
    }
    if (outcome === 'reset') {
      req.socket.destroy();
      return;
    }
    record.status = outcome.status;
    record.errorType = outcome.errorType;
    if (req.socket.destroyed || res.destroyed) {
      record.clientGone = true;
      return;
    }
    res.writeHead(outcome.status, {
      ...outcome.headers,
      'content-length': String(Buffer.byteLength(outcome.body)),
    });
    res.end(outcome.body);
  }
}

/**
 * Routes by what the SDK puts on the wire: ECR's awsJson1_1 requests carry X-Amz-Target;
 * STS's awsQuery requests are form-encoded. The credential scope's service is then checked
 * against this during authentication, as AWS would.
 */
function classify(req: IncomingMessage): Service {
  if (ecrOperationFromTarget(headerText(req, 'x-amz-target')) !== undefined) {
    return 'ecr';
  }
  const contentType = headerText(req, 'content-type') ?? '';
  return contentType.startsWith('application/x-www-form-urlencoded') ? 'sts' : 'unknown';
}

function serviceOf(operation: string): Service {
  if (operation === 'GetCallerIdentity') {
    return 'sts';
  }
  if (isKnownEcrOperation(operation)) {
    return 'ecr';
  }
  if (operation === ANY_OPERATION) {
    return 'unknown';
  }
  throw new Error(`fakeAws: unknown operation '${operation}'`);
}

function headerText(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}
