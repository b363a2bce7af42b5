import { promises as fs } from 'fs';
import * as path from 'path';
import {
  DEFAULT_TEMPLATE_PATHS,
  POINTER_FILE_NAME,
  readTemplatePointer,
} from '../core/templateLocator';

/** Folders never searched: dependencies and VCS data hold no templates of the user's. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist', 'out']);
const MAX_DEPTH = 8;

/** A file or folder the user named that could not be read; the message is one line. */
export class UnreadableInputError extends Error {}

/**
 * Expands the command line's paths: files stay as they are; a folder yields the templates
 * ReleaseHub would use inside it (default locations and `.release.yaml` pointers).
 */
export async function resolveTemplateFiles(inputs: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const stat = await fs.stat(input).catch((error: NodeJS.ErrnoException) => {
      throw new UnreadableInputError(`cannot read ${input}: ${describeFsError(error)}`);
    });
    if (stat.isDirectory()) {
      const found = await findTemplates(input, 0);
      if (found.length === 0) {
        throw new UnreadableInputError(`no ReleaseHub application template found under ${input}`);
      }
      files.push(...found);
    } else {
      files.push(input);
    }
  }
  return [...new Set(files)];
}

export async function readTemplateFile(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new UnreadableInputError(
      `cannot read ${file}: ${describeFsError(error as NodeJS.ErrnoException)}`,
    );
  }
}

async function findTemplates(folder: string, depth: number): Promise<string[]> {
  const found: string[] = [];
  for (const candidate of DEFAULT_TEMPLATE_PATHS) {
    const file = path.join(folder, candidate);
    if (await isFile(file)) {
      found.push(file);
    }
  }
  const pointed = await pointedTemplate(folder);
  if (pointed !== null) {
    found.push(pointed);
  }

  if (depth < MAX_DEPTH) {
    const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name) && entry.name !== '.release') {
        found.push(...(await findTemplates(path.join(folder, entry.name), depth + 1)));
      }
    }
  }
  return [...new Set(found)];
}

async function pointedTemplate(folder: string): Promise<string | null> {
  const pointerFile = path.join(folder, POINTER_FILE_NAME);
  const text = await fs.readFile(pointerFile, 'utf8').catch(() => null);
  const target = text === null ? null : readTemplatePointer(text);
  if (target === null) {
    return null;
  }
  const file = path.join(folder, target);
  return (await isFile(file)) ? file : null;
}

async function isFile(file: string): Promise<boolean> {
  return fs.stat(file).then(
    (stat) => stat.isFile(),
    () => false,
  );
}

function describeFsError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    default:
      return error.message;
  }
}
