import type { BoolQuery, FieldQuery, FieldRef, Query } from './ast.ts';

/** The field a leaf searches: its own, else the one of the nearest enclosing `field:( ... )`. */
export function effectiveField(node: FieldQuery, inherited: FieldRef | null): FieldRef | null {
  return node.field ?? inherited;
}

export interface QueryVisitor {
  /** Called for every leaf with the field it searches (null for a bare term). */
  leaf?(node: FieldQuery, field: FieldRef | null): void;
  bool?(node: BoolQuery): void;
}

/** Visits the tree depth-first, in source order. */
export function walkQuery(query: Query, visitor: QueryVisitor, inherited: FieldRef | null = null): void {
  switch (query.kind) {
    case 'term':
    case 'wildcard':
    case 'range':
    case 'exists':
      visitor.leaf?.(query, effectiveField(query, inherited));
      return;
    case 'group':
      walkQuery(query.query, visitor, query.field ?? inherited);
      return;
    case 'bool':
      visitor.bool?.(query);
      for (const clause of query.clauses) walkQuery(clause.query, visitor, inherited);
      return;
    case 'all':
      return;
  }
}
