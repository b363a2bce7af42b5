import { Alias, Document, Node, isAlias, isCollection, isPair, isScalar } from 'yaml';

/** The node an alias names, or null when no anchor of that name comes before it. */
export type AliasTargets = (alias: Alias) => Node | null;

/**
 * Resolves the aliases of a document after one walk. `Alias.resolve` walks the whole
 * document on each call, which made a template with many aliases quadratic. The rule is
 * `Alias.resolve`'s: the last node with that anchor before the alias, in the order `visit`
 * goes.
 *
 * Every anchor is written `&name`, and nodes come in the order of their text, so the walk
 * stops at the first scalar or alias past the text's last `&`: no anchor follows it, and the
 * aliases the walk did not reach name the last anchor of their name. Templates define their
 * anchors near the top, so the walk is usually short.
 */
export function aliasTargetsOf(document: Document.Parsed, text: string): AliasTargets {
  const reached = new Map<Alias, Node | null>();
  const latestByAnchor = new Map<string, Node>();
  const lastAnchorSign = lastIndexOfAmpersand(text);
  const isPastLastAnchor = (node: Node) => node.range != null && node.range[0] > lastAnchorSign;

  // `visit` would do, but it copies the ancestor path at every collection and pair. Same
  // order as `visit`: a node before its items, a pair's key before its value. Returns false
  // to stop.
  const walk = (node: unknown): boolean => {
    // Scalars first: they are most of the nodes, and one check settles them.
    if (isScalar(node)) {
      if (node.anchor) {
        latestByAnchor.set(node.anchor, node);
      }
      return !isPastLastAnchor(node);
    }
    if (isCollection(node)) {
      if (node.anchor) {
        latestByAnchor.set(node.anchor, node);
      }
      for (const item of node.items) {
        const goOn = isPair(item) ? walk(item.key) && walk(item.value) : walk(item);
        if (!goOn) {
          return false;
        }
      }
      return true;
    }
    if (isAlias(node)) {
      reached.set(node, latestByAnchor.get(node.source) ?? null);
      return !isPastLastAnchor(node);
    }
    return true;
  };
  walk(document.contents);

  return (alias) => {
    const target = reached.has(alias) ? reached.get(alias) : latestByAnchor.get(alias.source);
    return target ?? null;
  };
}

// Forward searches: V8's indexOf scans many characters at a time and its lastIndexOf one by
// one, which on a big template with its anchors at the top cost more than the walk itself.
function lastIndexOfAmpersand(text: string): number {
  let last = -1;
  for (let at = text.indexOf('&'); at !== -1; at = text.indexOf('&', at + 1)) {
    last = at;
  }
  return last;
}
