import * as vscode from 'vscode';
import { AppliedPolicyChange } from '../../aws/policyApplier';

const STATE_KEY = 'releasehubEcr.appliedPolicyChanges';
// Enough to undo a fix-all over a large template; older entries are dropped.
const MAX_ENTRIES = 50;

/** Policy changes this extension wrote, newest first, kept across sessions for undo. */
export class AppliedChangeHistory {
  constructor(private readonly state: vscode.Memento) {}

  list(): AppliedPolicyChange[] {
    return this.state.get<AppliedPolicyChange[]>(STATE_KEY, []);
  }

  async add(change: AppliedPolicyChange): Promise<void> {
    await this.state.update(STATE_KEY, [change, ...this.list()].slice(0, MAX_ENTRIES));
  }

  async remove(change: AppliedPolicyChange): Promise<void> {
    const remaining = this.list().filter((entry) => !sameChange(entry, change));
    await this.state.update(STATE_KEY, remaining);
  }
}

export function sameChange(left: AppliedPolicyChange, right: AppliedPolicyChange): boolean {
  return (
    left.appliedAt === right.appliedAt &&
    left.repository.registryId === right.repository.registryId &&
    left.repository.region === right.repository.region &&
    left.repository.repository === right.repository.repository
  );
}
