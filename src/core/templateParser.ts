import {
  Alias,
  Document,
  DocumentOptions,
  Node,
  Pair,
  ParseOptions,
  Scalar,
  YAMLMap,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
} from 'yaml';
import { AliasTargets, aliasTargetsOf } from './aliasTargets';
import { positionFinder } from './lineTable';
import { ImageOwnerKind, ImageSite, ParsedTemplate, TemplateSyntaxError } from './templateModel';
import { SourceRange } from './sourceRange';

/** Top-level lists whose entries pull an image of their own. */
const TOP_LEVEL_IMAGE_OWNERS: ReadonlyMap<string, ImageOwnerKind> = new Map([
  ['services', 'service'],
  ['jobs', 'job'],
  ['cron_jobs', 'cron_job'],
  ['sidecars', 'sidecar'],
]);

/** Keys under a service whose maps describe something other than a pulled container. */
const NOT_CONTAINERS = new Set(['build', 'builds', 'envs', 'env', 'environment']);

// Text a collection holding an image site must contain (see mayMentionImage).
const MAY_MENTION_IMAGE = /image|<<|[*\\]/;

// Guards against pathological nesting in the defensive search for nested containers.
const MAX_NESTED_DEPTH = 6;

interface Entry {
  readonly key: string;
  readonly value: Node | null;
  /** Set when the pair came in through a merge key: findings point at that alias. */
  readonly viaAlias: Alias | null;
}

/**
 * Parses a ReleaseHub application template and lists every image the runtime pulls as
 * written. Never throws on bad YAML: syntax errors are returned and whatever parsed is
 * still searched.
 */
export function parseTemplate(text: string): ParsedTemplate {
  const documents = parseAllDocuments(text, templateParseOptions());
  const list = Array.isArray(documents) ? documents : [];

  const images: ImageSite[] = [];
  const syntaxErrors: TemplateSyntaxError[] = [];
  for (const document of list) {
    syntaxErrors.push(...document.errors.map((error) => toSyntaxError(error, text.length)));
    try {
      new TemplateWalker(document, text, images).walkRoot();
    } catch (error) {
      // Merge keys chained thousands deep overflow the walk's stack: say so, keep what was found.
      if (!(error instanceof RangeError)) {
        throw error;
      }
      syntaxErrors.push({
        message: `merge keys or aliases are chained too deeply to search (${error.message})`,
        range: { start: 0, end: 0 },
      });
    }
  }

  return {
    images,
    syntaxErrors,
    // Not the parser's LineCounter: it misses the line breaks inside some error tokens.
    positionAt: positionFinder(text),
  };
}

/** What parseTemplate asks of `yaml`; the benchmark times this parse alone too. */
export function templateParseOptions(): ParseOptions & DocumentOptions {
  return {
    prettyErrors: false,
    // A repeated key is reported (which `image:` deploys is then unclear); `<<` may repeat.
    uniqueKeys: sameKeyExceptMerge,
  };
}

function toSyntaxError(
  error: { message: string; pos: [number, number] },
  textLength: number,
): TemplateSyntaxError {
  const firstLine = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  const start = Math.min(error.pos[0], textLength);
  const end = Math.max(start, Math.min(error.pos[1], textLength));
  return { message: firstLine, range: { start, end } };
}

class TemplateWalker {
  private aliasTargets: AliasTargets | null = null;
  /**
   * Nodes already searched below each alias use. Aliases nest (`[*a, *a]` where `a` holds
   * more aliases), so without this a short file could expand into billions of visits; with
   * it, each node is searched once per alias use, and findings there share the alias's range.
   */
  private readonly searchedVia = new Map<Alias, Set<Node>>();
  private readonly siteRanges = new Set<number | string>();

  constructor(
    private readonly document: Document.Parsed,
    private readonly text: string,
    private readonly images: ImageSite[],
  ) {}

  walkRoot(): void {
    const root = this.resolve(this.document.contents);
    if (!isMap(root)) {
      return;
    }
    for (const entry of this.entriesOf(root)) {
      const ownerKind = TOP_LEVEL_IMAGE_OWNERS.get(entry.key);
      if (ownerKind !== undefined) {
        this.walkOwnerList(entry.value, ownerKind, entry.key, entry.viaAlias);
      }
    }
  }

  /**
   * `services:` is a list of maps; a map of name → service is accepted too. `via` is the
   * alias the walk came through, if any: findings inside aliased content point at its use.
   */
  private walkOwnerList(node: Node | null, kind: ImageOwnerKind, path: string, via: Via): void {
    const list = this.resolve(node);
    const listVia = via ?? aliasOf(node);
    if (isSeq(list)) {
      for (let index = 0; index < list.items.length; index++) {
        const item = list.items[index] as Node | null;
        this.walkOwner(item, kind, `${path}[${index}]`, null, listVia);
      }
    } else if (isMap(list)) {
      for (const entry of this.entriesOf(list)) {
        const entryVia = listVia ?? entry.viaAlias;
        this.walkOwner(entry.value, kind, `${path}.${entry.key}`, entry.key, entryVia);
      }
    }
  }

  private walkOwner(
    node: Node | null,
    kind: ImageOwnerKind,
    path: string,
    key: string | null,
    via: Via,
  ): void {
    const owner = this.resolve(node);
    if (!isMap(owner)) {
      return;
    }
    const ownerVia = via ?? aliasOf(node);
    const entries = this.entriesOf(owner);
    const name = scalarText(this.valueOf(entries, 'name')) ?? key;
    this.addSite(entries, kind, name, name, path, ownerVia);

    for (const entry of entries) {
      if (this.mayHoldContainers(entry)) {
        const entryVia = ownerVia ?? entry.viaAlias;
        this.walkNested(entry.value, name, `${path}.${entry.key}`, 1, entryVia);
      }
    }
  }

  /** Sidecars, init containers and anything else nested that carries its own `image:`. */
  private walkNested(
    node: Node | null,
    topLevelName: string | null,
    path: string,
    depth: number,
    via: Via,
  ): void {
    if (depth > MAX_NESTED_DEPTH) {
      return;
    }
    const value = this.resolve(node);
    const valueVia = via ?? aliasOf(node);
    if (value === null || this.alreadySearched(valueVia, value)) {
      return;
    }
    if (isSeq(value)) {
      for (let index = 0; index < value.items.length; index++) {
        const item = value.items[index] as Node | null;
        if (this.isCollection(item)) {
          const itemPath = `${path}[${index}]`;
          this.walkNested(item, topLevelName, itemPath, depth + 1, valueVia);
        }
      }
      return;
    }
    if (!isMap(value) || !this.mayHoldImage(value)) {
      return;
    }
    const entries = this.entriesOf(value);
    const name = scalarText(this.valueOf(entries, 'name'));
    this.addSite(entries, 'container', name, topLevelName, path, valueVia);
    for (const entry of entries) {
      if (this.mayHoldContainers(entry)) {
        const entryVia = valueVia ?? entry.viaAlias;
        this.walkNested(entry.value, topLevelName, `${path}.${entry.key}`, depth + 1, entryVia);
      }
    }
  }

  // Known shortcoming: a node first reached below the depth limit through one path is not
  // searched again when the same alias use reaches it higher up through another.
  private alreadySearched(via: Via, node: Node): boolean {
    if (via === null) {
      return false;
    }
    let searched = this.searchedVia.get(via);
    if (searched === undefined) {
      searched = new Set();
      this.searchedVia.set(via, searched);
    }
    if (searched.has(node)) {
      return true;
    }
    searched.add(node);
    return false;
  }

  /**
   * Whether a nested map has an `image:`, a merge or something to descend into. Most (ports,
   * resources) have none, and a look at their pairs is cheaper than listing their entries.
   */
  private mayHoldImage(map: YAMLMap): boolean {
    for (const pair of map.items) {
      if (!isPair(pair)) {
        continue;
      }
      const keyNode = this.resolve(pair.key);
      if (isMergeKey(keyNode) || scalarText(keyNode) === 'image') {
        return true;
      }
      if (this.isCollection(pair.value as Node | null)) {
        return true;
      }
    }
    return false;
  }

  // Checked before descending, so scalars, the bulk of a template, cost no path text.
  private mayHoldContainers(entry: Entry): boolean {
    if (entry.key === 'image' || NOT_CONTAINERS.has(entry.key)) {
      return false;
    }
    const value = this.resolve(entry.value);
    return (isMap(value) || isSeq(value)) && this.mayMentionImage(value);
  }

  /**
   * Whether the collection's text could hold an `image:` key. The key can only be spelled
   * with those letters, or with an escape (a backslash); an alias (`*`) or merge (`<<`) can
   * bring one in from elsewhere. Most nested collections (ports, commands, resources) have
   * none of these, and one scan of their text is cheaper than walking their nodes.
   */
  private mayMentionImage(collection: Node): boolean {
    const range = collection.range;
    if (range == null) {
      return true;
    }
    return MAY_MENTION_IMAGE.test(this.text.slice(range[0], range[2]));
  }

  private isCollection(node: Node | null): boolean {
    const value = this.resolve(node);
    return isMap(value) || isSeq(value);
  }

  private addSite(
    entries: readonly Entry[],
    ownerKind: ImageOwnerKind,
    ownerName: string | null,
    topLevelName: string | null,
    path: string,
    via: Via,
  ): void {
    const imageEntry = entries.find((entry) => entry.key === 'image');
    if (imageEntry === undefined) {
      return;
    }
    // An entry built from a service's image (`from_services`) has no image of its own.
    if (entries.some((entry) => entry.key === 'from_services')) {
      return;
    }
    const hasRepo = readHasRepo(this.valueOf(entries, 'has_repo'));
    if (hasRepo === true) {
      return;
    }

    const located = this.locateScalar(imageEntry, via);
    // One site per place in the file: the same alias use reached twice is one finding.
    if (located === null) {
      return;
    }
    const place = this.placeKey(located.range);
    if (this.siteRanges.has(place)) {
      return;
    }
    this.siteRanges.add(place);
    this.images.push({
      reference: located.text,
      range: located.range,
      ownerKind,
      ownerName,
      topLevelName,
      path: `${path}.image`,
      hasRepo,
    });
  }

  /** One key per range: a number (no string to build) while start·(length+1)+end is exact. */
  private placeKey(range: SourceRange): number | string {
    const key = range.start * (this.text.length + 1) + range.end;
    return Number.isSafeInteger(key) ? key : `${range.start}:${range.end}`;
  }

  private locateScalar(entry: Entry, via: Via): { text: string; range: SourceRange } | null {
    const written = entry.value;
    const scalar = this.resolve(written);
    const text = scalarText(scalar);
    if (text === null || !isScalar(scalar)) {
      return null;
    }
    const site = via ?? entry.viaAlias ?? aliasOf(written) ?? scalar;
    const range = isAlias(site) ? nodeRange(site) : scalarContentRange(scalar, this.text);
    return range === null ? null : { text, range };
  }

  private valueOf(entries: readonly Entry[], key: string): Node | null {
    return this.resolve(entries.find((entry) => entry.key === key)?.value ?? null);
  }

  /**
   * The map's pairs with merge keys (`<<: *base`) expanded; explicit keys win.
   * Known shortcoming: nothing is memoised, so maps that merge a chain of maps which merge
   * each other again cost far more than their size (600 such links: about 30 s).
   */
  private entriesOf(map: YAMLMap, seen: Set<YAMLMap> | null = null): Entry[] {
    if (seen?.has(map)) {
      return [];
    }
    seen?.add(map);
    // Only a merge can lead back to a map on the way, and most maps have none: the set
    // starts at the first merge.
    let mergeSeen = seen;

    const written: Entry[] = [];
    const merged: Entry[] = [];
    for (const pair of map.items) {
      if (!isPair(pair)) {
        continue;
      }
      const keyNode = this.resolve(pair.key);
      const key = scalarText(keyNode);
      if (isMergeKey(keyNode)) {
        mergeSeen ??= new Set([map]);
        merged.push(...this.mergedEntries(pair, mergeSeen));
      } else if (key !== null) {
        written.push({ key, value: (pair.value as Node | null) ?? null, viaAlias: null });
      }
    }
    // A repeated key is an error the parser reports; like ReleaseHub's loader, the last wins.
    const explicit = repeatsAnyKey(written) ? lastOfEachKey(written) : written;
    if (merged.length === 0) {
      return explicit;
    }
    const explicitKeys = new Set(explicit.map((entry) => entry.key));
    return [...explicit, ...merged.filter((entry) => !explicitKeys.has(entry.key))];
  }

  private mergedEntries(pair: Pair, seen: Set<YAMLMap>): Entry[] {
    const value = pair.value as Node | null;
    const sources = isSeq(value) ? (value.items as (Node | null)[]) : [value];
    const entries: Entry[] = [];
    for (const source of sources) {
      const target = this.resolve(source);
      if (!isMap(target)) {
        continue;
      }
      const alias = isAlias(source) ? source : null;
      for (const entry of this.entriesOf(target, seen)) {
        if (!entries.some((existing) => existing.key === entry.key)) {
          // The alias written in this map is the one a reader sees; nested ones are inside it.
          entries.push({ key: entry.key, value: entry.value, viaAlias: alias ?? entry.viaAlias });
        }
      }
    }
    return entries;
  }

  private resolve(node: unknown): Node | null {
    if (!isAlias(node)) {
      return (node as Node | null | undefined) ?? null;
    }
    let current: unknown = node;
    // Alias chains are short; the bound stops a cycle the parser might let through.
    for (let hops = 0; isAlias(current) && hops < 16; hops++) {
      current = this.targetOf(current);
    }
    return isAlias(current) ? null : ((current as Node | null | undefined) ?? null);
  }

  private targetOf(alias: Alias): Node | null {
    // Built at the first alias, so a template without any pays nothing.
    this.aliasTargets ??= aliasTargetsOf(this.document, this.text);
    return this.aliasTargets(alias);
  }
}

function sameKeyExceptMerge(left: unknown, right: unknown): boolean {
  const keyOf = (node: unknown) => (isScalar(node) ? node.value : node);
  const key = keyOf(left);
  return key === keyOf(right) && key !== '<<' && !isMergeKey(left as Node);
}

// Maps this big are checked for repeated keys with a Set; smaller ones, nearly all, by a scan
// that costs less than building the Set.
const SCANNED_KEY_COUNT = 16;

function repeatsAnyKey(entries: readonly Entry[]): boolean {
  if (entries.length > SCANNED_KEY_COUNT) {
    return new Set(entries.map((entry) => entry.key)).size !== entries.length;
  }
  for (let later = 1; later < entries.length; later++) {
    for (let earlier = 0; earlier < later; earlier++) {
      if (entries[earlier].key === entries[later].key) {
        return true;
      }
    }
  }
  return false;
}

/** Each key once, with its last value, where that last one is written. */
function lastOfEachKey(entries: readonly Entry[]): Entry[] {
  const byKey = new Map<string, Entry>();
  for (const entry of entries) {
    byKey.delete(entry.key);
    byKey.set(entry.key, entry);
  }
  return [...byKey.values()];
}

/** The alias a walk passes through, if any. */
type Via = Alias | null;

function aliasOf(node: unknown): Via {
  return isAlias(node) ? node : null;
}

/** `<<`; under `%YAML 1.1` the parser itself marks merge keys, with a symbol value. */
function isMergeKey(node: Node | null): boolean {
  if (!isScalar(node)) {
    return false;
  }
  const { value } = node;
  return value === '<<' || (typeof value === 'symbol' && value.description === '<<');
}

/** A scalar's value as text; null for non-scalars, null values and binary data. */
function scalarText(node: Node | null): string | null {
  if (!isScalar(node)) {
    return null;
  }
  const { value } = node;
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    default:
      return null;
  }
}

// ReleaseHub reads templates as YAML 1.1, where yes/on are booleans too.
function readHasRepo(node: Node | null): boolean | null {
  if (!isScalar(node)) {
    return null;
  }
  if (typeof node.value === 'boolean') {
    return node.value;
  }
  const text = (scalarText(node) ?? '').toLowerCase();
  if (['true', 'yes', 'on', 'y'].includes(text)) {
    return true;
  }
  return ['false', 'no', 'off', 'n'].includes(text) ? false : null;
}

function nodeRange(node: Node): SourceRange | null {
  return node.range ? { start: node.range[0], end: node.range[1] } : null;
}

function scalarContentRange(scalar: Scalar, text: string): SourceRange | null {
  const range = nodeRange(scalar);
  if (range === null) {
    return null;
  }
  if (scalar.type === Scalar.BLOCK_LITERAL || scalar.type === Scalar.BLOCK_FOLDED) {
    return blockContentRange(range, text);
  }
  const quoted = scalar.type === Scalar.QUOTE_DOUBLE || scalar.type === Scalar.QUOTE_SINGLE;
  return quoted && range.end - range.start >= 2
    ? { start: range.start + 1, end: range.end - 1 }
    : range;
}

// A block scalar's range starts at its `|` or `>` header; the image is its first content line.
function blockContentRange(range: SourceRange, text: string): SourceRange {
  const header = /^[^\n]*\n\s*/.exec(text.slice(range.start, range.end));
  if (header === null) {
    return range;
  }
  const start = range.start + header[0].length;
  const line = /^[^\r\n]*/.exec(text.slice(start, range.end))?.[0] ?? '';
  return { start, end: start + line.trimEnd().length };
}
