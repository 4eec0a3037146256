// The division rows as a tree (county → townships → villages), with the labels the screens show.
import type { DivisionRow } from '../../../shared/api';
import { TOWNSHIP_KIND_LABEL, townshipKindOfCode, VILLAGE_KIND_LABEL, villageKindOfCode } from '../../../shared/divisions';

export interface DivisionNode extends DivisionRow {
  /** Absent on leaves, so the table draws no expand button there. */
  children?: DivisionNode[];
  childCount: number;
}

/** 县 / 街道 / 镇 / 乡 / 村委会 / 居委会, read from the code as DOMAIN.md says. */
export function divisionKindLabel(row: Pick<DivisionRow, 'level' | 'code'>): string {
  if (row.level === 'county') return '县';
  if (row.level === 'township') {
    const kind = townshipKindOfCode(row.code);
    return kind ? TOWNSHIP_KIND_LABEL[kind] : '乡镇';
  }
  const kind = villageKindOfCode(row.code);
  return kind ? VILLAGE_KIND_LABEL[kind] : '村';
}

export function buildDivisionTree(rows: readonly DivisionRow[]): DivisionNode[] {
  const nodes = new Map<number, DivisionNode>();
  for (const row of rows) nodes.set(row.id, { ...row, childCount: 0 });
  const roots: DivisionNode[] = [];
  for (const row of rows) {
    const node = nodes.get(row.id);
    if (!node) continue;
    const parent = row.parentId === null ? undefined : nodes.get(row.parentId);
    if (parent) {
      (parent.children ??= []).push(node);
      parent.childCount += 1;
    } else {
      roots.push(node);
    }
  }
  const byCode = (a: DivisionNode, b: DivisionNode) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  const sortDeep = (list: DivisionNode[]) => {
    list.sort(byCode);
    for (const n of list) if (n.children) sortDeep(n.children);
  };
  sortDeep(roots);
  return roots;
}

/**
 * Keep the nodes whose name or code contains `query` (a matching node keeps all its children), and their
 * ancestors. Returns the filtered tree, the ancestors to expand so every match is visible, and the count.
 */
export function filterDivisionTree(roots: DivisionNode[], query: string): { nodes: DivisionNode[]; expand: number[]; matches: number } {
  const q = query.trim().toLowerCase();
  if (!q) return { nodes: roots, expand: [], matches: 0 };
  const expand: number[] = [];
  let matches = 0;
  const visit = (node: DivisionNode): DivisionNode | null => {
    const self = node.name.toLowerCase().includes(q) || node.code.includes(q);
    const kids = (node.children ?? []).map(visit).filter((n): n is DivisionNode => n !== null);
    if (self) matches += 1;
    if (kids.length > 0) {
      expand.push(node.id);
      // A matching node shows all its children; otherwise only the branches that match.
      return { ...node, children: self ? node.children : kids };
    }
    return self ? node : null;
  };
  const nodes = roots.map(visit).filter((n): n is DivisionNode => n !== null);
  return { nodes, expand, matches };
}
