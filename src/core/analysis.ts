import { ClusterSettings } from './clusterSettings';
import { Finding } from './finding';
import { parseImageReference } from './imageUri';
import { checkImageSite } from './rules';
import { ParsedTemplate } from './templateModel';
import { parseTemplate } from './templateParser';

export interface TemplateAnalysis {
  readonly template: ParsedTemplate;
  readonly findings: readonly Finding[];
}

/**
 * Text to findings, with one parse. Without a cluster, a single `cluster-not-configured`
 * finding stands on the first ECR image instead of one per image.
 */
export function analyzeTemplate(text: string, cluster: ClusterSettings | null): TemplateAnalysis {
  const template = parseTemplate(text);
  return { template, findings: findingsOf(template, cluster) };
}

export function findingsOf(template: ParsedTemplate, cluster: ClusterSettings | null): Finding[] {
  const findings: Finding[] = template.syntaxErrors.map((error) => ({
    code: 'invalid-yaml',
    severity: 'error',
    message: `YAML syntax error: ${error.message}`,
    range: error.range,
    site: null,
    image: null,
    policy: null,
  }));

  for (const site of template.images) {
    findings.push(...checkImageSite(site, cluster));
  }

  if (cluster === null) {
    const firstEcr = template.images.find(
      (site) => parseImageReference(site.reference).kind === 'ecr',
    );
    if (firstEcr !== undefined) {
      findings.push({
        code: 'cluster-not-configured',
        severity: 'information',
        message:
          'ECR images found, but the ReleaseHub cluster (IAM user account and region) is not ' +
          'configured, so cross-account and region access cannot be checked.',
        range: firstEcr.range,
        site: firstEcr,
        image: null,
        policy: null,
      });
    }
  }
  return findings;
}
