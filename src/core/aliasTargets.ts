import { Alias, Document, Node, isAlias, isCollection, isPair, isScalar } from 'yaml';

/**
 * Every alias of a document with the node it names, found in one walk. `Alias.resolve` walks
 * the whole document on each call, which made a template with many aliases quadratic.
 * The rule is `Alias.resolve`'s: the last node with that anchor before the alias, in the
 * order `visit` goes. An alias whose anchor comes nowhere before it is absent.
 */
export function aliasTargetsOf(document: Document.Parsed): ReadonlyMap<Alias, Node> {
  const targets = new Map<Alias, Node>();
  const latestByAnchor = new Map<string, Node>();

  // `visit` itself would do, but it copies the ancestor path at every collection and pair.
  // Same order as `visit`: a node before its items, a pair's key before its value.
  const walk = (node: unknown): void => {
    if (isAlias(node)) {
      const target = latestByAnchor.get(node.source);
      if (target !== undefined) {
        targets.set(node, target);
      }
      return;
    }
    if ((isScalar(node) || isCollection(node)) && node.anchor) {
      latestByAnchor.set(node.anchor, node);
    }
    if (isCollection(node)) {
      for (const item of node.items) {
        if (isPair(item)) {
          walk(item.key);
          walk(item.value);
        } else {
          walk(item);
        }
      }
    }
  };
  walk(document.contents);
  return targets;
}
