/**
 * The fake's in-memory world: repositories with their policies and each registry's
 * replication configuration, keyed by (account, region) like real ECR, where a registry is a
 * per-region thing and the same repository name can exist in many regions and accounts.
 */
import type { ReplicationConfiguration, RepositorySeed } from './types';

export interface RepositoryRecord {
  account: string;
  region: string;
  name: string;
  createdAt: Date;
  /** Stored verbatim, as the last successful SetRepositoryPolicy sent it. */
  policyText?: string;
}

/** A fixed creation time keeps DescribeRepositories responses deterministic. */
const DEFAULT_CREATED_AT = new Date('2024-01-01T00:00:00Z');

export class EcrState {
  private readonly repositories = new Map<string, RepositoryRecord>();
  private readonly replication = new Map<string, ReplicationConfiguration>();

  addRepository(seed: RepositorySeed): RepositoryRecord {
    const key = repositoryKey(seed.account, seed.region, seed.name);
    if (this.repositories.has(key)) {
      throw new Error(`fakeAws: repository ${key} already exists`);
    }
    const record: RepositoryRecord = {
      account: seed.account,
      region: seed.region,
      name: seed.name,
      createdAt: seed.createdAt ?? DEFAULT_CREATED_AT,
      policyText: seed.policyText,
    };
    this.repositories.set(key, record);
    return record;
  }

  findRepository(account: string, region: string, name: string): RepositoryRecord | undefined {
    return this.repositories.get(repositoryKey(account, region, name));
  }

  /** Like findRepository, but a typo in a test's seeding fails loudly, not as undefined. */
  requireRepository(account: string, region: string, name: string): RepositoryRecord {
    const record = this.findRepository(account, region, name);
    if (!record) {
      throw new Error(`fakeAws: no repository ${repositoryKey(account, region, name)} was seeded`);
    }
    return record;
  }

  /** Repositories of one registry, sorted by name so paging is stable. */
  listRepositories(account: string, region: string): RepositoryRecord[] {
    return [...this.repositories.values()]
      .filter((r) => r.account === account && r.region === region)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  getReplication(account: string, region: string): ReplicationConfiguration | undefined {
    const stored = this.replication.get(`${account}/${region}`);
    return stored && structuredClone(stored);
  }

  setReplication(account: string, region: string, config: ReplicationConfiguration): void {
    this.replication.set(`${account}/${region}`, structuredClone(config));
  }
}

function repositoryKey(account: string, region: string, name: string): string {
  return `${account}/${region}/${name}`;
}
