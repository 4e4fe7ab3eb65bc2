import type { Framework, FrameworkItem, ItemKind } from './tables.js';

export interface ItemNode extends FrameworkItem {
  children: ItemNode[];
  /** True when it or anything under it has been used: then it can be retired but not removed. */
  inUse: boolean;
}

export interface FrameworkTree {
  name: string;
  credit: string;
  templateKey: string | null;
  principles: ItemNode[];
  values: ItemNode[];
  concepts: ItemNode[];
  questionSets: ItemNode[];
  isEmpty: boolean;
}

const TOP: Record<
  string,
  keyof Pick<FrameworkTree, 'principles' | 'values' | 'concepts' | 'questionSets'>
> = { principle: 'principles', value: 'values', concept: 'concepts', question_set: 'questionSets' };

/** Builds the framework's tree from its rows (already in order). Retired items and what is under them are left out unless asked for. */
export function buildTree(
  framework: Framework | null,
  rows: FrameworkItem[],
  opts: { includeRetired: boolean },
): FrameworkTree {
  const nodes = new Map<string, ItemNode>();
  for (const row of rows) nodes.set(row.id, { ...row, children: [], inUse: row.usedAt !== null });
  const roots: ItemNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const markUse = (n: ItemNode): boolean => {
    for (const c of n.children) if (markUse(c)) n.inUse = true;
    return n.inUse;
  };
  roots.forEach(markUse);
  const keep = (list: ItemNode[]): ItemNode[] =>
    list
      .filter((n) => opts.includeRetired || n.retiredAt === null)
      .map((n) => ({ ...n, children: keep(n.children) }));
  const tree: FrameworkTree = {
    name: framework?.name ?? 'Our practice framework',
    credit: framework?.credit ?? '',
    templateKey: framework?.templateKey ?? null,
    principles: [],
    values: [],
    concepts: [],
    questionSets: [],
    isEmpty: rows.length === 0,
  };
  for (const root of keep(roots)) {
    const group = TOP[root.kind];
    if (group) tree[group].push(root);
  }
  return tree;
}

/** Every row in the subtree under (and including) an item. */
export function subtreeOf(rows: FrameworkItem[], rootId: string): FrameworkItem[] {
  const out: FrameworkItem[] = [];
  const walk = (id: string) => {
    for (const r of rows) {
      if (r.id === id) out.push(r);
      if (r.parentId === id) walk(r.id);
    }
  };
  walk(rootId);
  return out;
}

export const kindOrder: ItemKind[] = ['principle', 'value', 'concept', 'question_set'];
