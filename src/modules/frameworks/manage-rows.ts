import { childKinds, kinds } from './kinds.js';
import type { FrameworkTree, ItemNode } from './tree.js';
import type { ItemKind } from './tables.js';

/** One line of the manage page: an item, how deep it sits and what can be done to it. */
export interface ManageRow {
  item: ItemNode;
  depth: number;
  /** A GOV.UK spacing unit for the left margin, deeper items further in. */
  indent: number;
  label: string;
  first: boolean;
  last: boolean;
  /** Ancestors retired: the item is hidden from everyone even though it is not retired itself. */
  hiddenByParent: boolean;
  add: { kind: ItemKind; label: string }[];
}

export interface ManageSection {
  title: string;
  kind: ItemKind;
  addLabel: string;
  rows: ManageRow[];
}

const addable = (kind: ItemKind | null) =>
  childKinds(kind).map((k) => ({ kind: k, label: kinds[k].label }));

// The tree flattened, so that the page is a plain list (no recursive templates).
function flatten(nodes: ItemNode[], depth: number, hidden: boolean, out: ManageRow[]) {
  nodes.forEach((item) => {
    const sameKind = nodes.filter((n) => n.kind === item.kind);
    out.push({
      item,
      depth,
      indent: [0, 6, 9][depth] ?? 9,
      label: kinds[item.kind].label,
      first: sameKind[0] === item,
      last: sameKind.at(-1) === item,
      hiddenByParent: hidden,
      add: addable(item.kind),
    });
    flatten(item.children, depth + 1, hidden || item.retiredAt !== null, out);
  });
  return out;
}

export function manageRows(tree: FrameworkTree): ManageSection[] {
  const section = (title: string, kind: ItemKind, nodes: ItemNode[]): ManageSection => ({
    title,
    kind,
    addLabel: kinds[kind].label,
    rows: flatten(nodes, 0, false, []),
  });
  return [
    section('Principles', 'principle', tree.principles),
    section('Values', 'value', tree.values),
    section('Key ideas', 'concept', tree.concepts),
    section('Question sets', 'question_set', tree.questionSets),
  ];
}
