import { isMap, isScalar, parseDocument } from 'yaml';

/** Where ReleaseHub looks for an application template when nothing points elsewhere. */
export const DEFAULT_TEMPLATE_PATHS: readonly string[] = [
  '.release/application_template.yaml',
  '.release/application_template.yml',
];

/** The file at a repository root that may point at the template. */
export const POINTER_FILE_NAME = '.release.yaml';

/**
 * Reads a `.release.yaml` and returns the template path it names (relative to the file's
 * folder), or null when the file belongs to another tool or does not parse.
 */
export function readTemplatePointer(text: string): string | null {
  const document = parseDocument(text, { prettyErrors: false });
  if (document.errors.length > 0 || !isMap(document.contents)) {
    return null;
  }
  const value: unknown = document.contents.get('application_template', true);
  if (!isScalar(value) || typeof value.value !== 'string') {
    return null;
  }
  const path = value.value.trim().replace(/^\.\//, '');
  return path === '' ? null : path;
}

/** True for paths (with `/` separators) that ReleaseHub treats as a template by default. */
export function isDefaultTemplatePath(path: string): boolean {
  return DEFAULT_TEMPLATE_PATHS.some((suffix) => path === suffix || path.endsWith(`/${suffix}`));
}
