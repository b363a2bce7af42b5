/** Command IDs, as contributed in package.json. */
export const COMMANDS = {
  checkTemplate: 'releasehubEcr.checkTemplate',
  checkWorkspace: 'releasehubEcr.checkWorkspaceTemplates',
  configureCluster: 'releasehubEcr.configureCluster',
  showPolicyAtCursor: 'releasehubEcr.showPolicyAtCursor',
  showRepositoryPolicy: 'releasehubEcr.showRepositoryPolicy',
  copyRepositoryPolicy: 'releasehubEcr.copyRepositoryPolicy',
  showLog: 'releasehubEcr.showLog',
  applyRepositoryPolicy: 'releasehubEcr.applyRepositoryPolicy',
  undoRepositoryPolicy: 'releasehubEcr.undoRepositoryPolicy',
  selectAwsProfile: 'releasehubEcr.selectAwsProfile',
  refreshAccessChecks: 'releasehubEcr.refreshAccessChecks',
  fixAllInTemplate: 'releasehubEcr.fixAllInTemplate',
} as const;
