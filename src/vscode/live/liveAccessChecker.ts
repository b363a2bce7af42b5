import * as vscode from 'vscode';
import { checkEndpoint } from '../../aws/awsConnection';
import { AwsActionError } from '../../aws/awsErrors';
import { PolicyGateway } from '../../aws/policyGateway';
import { repositoryRefOf } from '../../aws/repositoryRef';
import { createSdkPolicyGateway } from '../../aws/sdkPolicyGateway';
import { ClusterSettings } from '../../core/clusterSettings';
import { Finding } from '../../core/finding';
import { EcrImage } from '../../core/imageUri';
import {
  RepositoryAccess,
  assessRepositoryPolicy,
  repositoryKey,
  withRepositoryAccess,
} from '../../core/repositoryAccess';
import { Log } from '../log';
import { LIVE_CHECKS_ENABLED, SECTION, readAwsConnectionSettings } from '../settings';

/** How long a repository's verdict is trusted before it is read again. */
const RESULT_TTL_MS = 5 * 60_000;
/** Failures are retried sooner, but not on every keystroke. */
const FAILURE_TTL_MS = 60_000;
const MAX_CONCURRENT_READS = 4;

interface CachedAccess {
  readonly access: RepositoryAccess;
  readonly expiresAt: number;
}

/**
 * Reads cross-account repositories' policies in the background (opt-in, trusted workspaces
 * only) and keeps the verdicts: one GetRepositoryPolicy per repository per TTL, at most four
 * at a time, cancelled on refresh. Analysis never waits for AWS: it uses what is known.
 */
export class LiveAccessChecker implements vscode.Disposable {
  private readonly results = new Map<string, CachedAccess>();
  private readonly queued = new Set<string>();
  private readonly waiting: (() => Promise<void>)[] = [];
  private readonly gateways = new Map<string, Promise<PolicyGateway>>();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private abort = new AbortController();
  private running = 0;

  /** Bumped whenever a verdict arrives or the cache is dropped; analyses key on it. */
  generation = 0;
  lastCheckedAt: Date | null = null;
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly log: Log) {}

  isEnabled(): boolean {
    return (
      vscode.workspace.isTrusted &&
      vscode.workspace.getConfiguration(SECTION).get<boolean>(LIVE_CHECKS_ENABLED, false)
    );
  }

  /** Offline findings with what live checks know; schedules reads for what they don't. */
  apply(findings: readonly Finding[], cluster: ClusterSettings | null): readonly Finding[] {
    if (cluster === null || !this.isEnabled()) {
      return findings;
    }
    return withRepositoryAccess(findings, (image) => this.accessOf(image, cluster));
  }

  accessOf(image: EcrImage, cluster: ClusterSettings): RepositoryAccess | undefined {
    const key = `${cluster.principal.kind === 'arn' ? cluster.principal.arn : cluster.principal.accountId}|${repositoryKey(image)}`;
    const cached = this.results.get(key);
    if ((cached === undefined || cached.expiresAt <= Date.now()) && !this.queued.has(key)) {
      this.schedule(key, image, cluster);
    }
    return cached?.access;
  }

  /** Drops every verdict and cancels reads in flight; the next analysis reads again. */
  refresh(): void {
    this.abort.abort();
    this.abort = new AbortController();
    this.results.clear();
    this.queued.clear();
    this.waiting.length = 0;
    this.gateways.clear();
    this.generation++;
    this.changeEmitter.fire();
  }

  private schedule(key: string, image: EcrImage, cluster: ClusterSettings): void {
    this.queued.add(key);
    const signal = this.abort.signal;
    this.waiting.push(() => this.read(key, image, cluster, signal));
    this.pump();
  }

  private pump(): void {
    while (this.running < MAX_CONCURRENT_READS && this.waiting.length > 0) {
      const next = this.waiting.shift() as () => Promise<void>;
      this.running++;
      void next().finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async read(key: string, image: EcrImage, cluster: ClusterSettings, signal: AbortSignal) {
    if (signal.aborted) {
      return;
    }
    let access: RepositoryAccess;
    try {
      const gateway = await this.gatewayFor(image);
      const policyText = await gateway.readPolicy(repositoryRefOf(image), signal);
      access = assessRepositoryPolicy(policyText, cluster.principal, image, new Date());
    } catch (error) {
      if (signal.aborted) {
        return;
      }
      const message = error instanceof AwsActionError ? error.message : String(error);
      this.log.warn(`Live check failed for ${repositoryKey(image)}: ${message}`);
      access = { state: 'failed', error: message, checkedAt: new Date().toISOString() };
    }
    if (signal.aborted) {
      return;
    }
    const ttl = access.state === 'failed' ? FAILURE_TTL_MS : RESULT_TTL_MS;
    this.results.set(key, { access, expiresAt: Date.now() + ttl });
    this.queued.delete(key);
    this.lastCheckedAt = new Date();
    this.generation++;
    this.changeEmitter.fire();
  }

  private gatewayFor(image: EcrImage): Promise<PolicyGateway> {
    const connection = readAwsConnectionSettings();
    const endpointProblem = checkEndpoint(connection.endpoint);
    if (endpointProblem !== null) {
      return Promise.reject(new Error(endpointProblem));
    }
    const key = `${image.region}|${image.fips}|${image.dualStack}`;
    let gateway = this.gateways.get(key);
    if (gateway === undefined) {
      gateway = createSdkPolicyGateway(connection, image.region, image, this.log);
      this.gateways.set(key, gateway);
    }
    return gateway;
  }

  dispose(): void {
    this.abort.abort();
    this.changeEmitter.dispose();
  }
}
