import { Alias, Document, Node, isAlias, isCollection, isScalar, visit } from 'yaml';

/**
 * Every alias of a document with the node it names, found in one walk. `Alias.resolve` walks
 * the whole document on each call, which made a template with many aliases quadratic.
 * The rule is `Alias.resolve`'s: the last node with that anchor before the alias, in the
 * order `visit` goes. An alias whose anchor comes nowhere before it is absent.
 */
export function aliasTargetsOf(document: Document.Parsed): ReadonlyMap<Alias, Node> {
  const targets = new Map<Alias, Node>();
  const latestByAnchor = new Map<string, Node>();
  visit(document, {
    Node: (_key, node) => {
      if (isAlias(node)) {
        const target = latestByAnchor.get(node.source);
        if (target !== undefined) {
          targets.set(node, target);
        }
      } else if ((isScalar(node) || isCollection(node)) && node.anchor) {
        latestByAnchor.set(node.anchor, node);
      }
    },
  });
  return targets;
}
