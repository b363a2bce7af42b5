import { SourceRange } from './sourceRange';

/** Which part of a template pulls the image; decides the wording of findings. */
export type ImageOwnerKind = 'service' | 'job' | 'cron_job' | 'sidecar' | 'container';

/** One place in a template where the runtime pulls an image as written. */
export interface ImageSite {
  /** The image reference, as the YAML value reads (aliases resolved). */
  readonly reference: string;
  /** The scalar's text in the file, inside quotes; for an alias, the alias itself. */
  readonly range: SourceRange;
  readonly ownerKind: ImageOwnerKind;
  /** The `name` of the service, job or container; null when the entry has none. */
  readonly ownerName: string | null;
  /** The service or job the site belongs to (differs from ownerName for nested containers). */
  readonly topLevelName: string | null;
  /** Where the value sits, e.g. `services[2].init[0].image`. */
  readonly path: string;
  /** The entry's `has_repo`; null when absent. Sites with `has_repo: true` are not listed. */
  readonly hasRepo: boolean | null;
}

export interface TemplateSyntaxError {
  readonly message: string;
  readonly range: SourceRange;
}

export interface ParsedTemplate {
  readonly images: readonly ImageSite[];
  readonly syntaxErrors: readonly TemplateSyntaxError[];
  /** 1-based position of an offset; backed by the parser's own line table. */
  positionAt(offset: number): { line: number; column: number };
}
