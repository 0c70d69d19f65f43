/**
 * Views, materialized views and CREATE TABLE AS: the query's output columns (with their types when
 * plain) and the table columns it reads. The query is walked scope by scope as PostgreSQL resolves
 * names: a column reference is looked up in the FROM clause of its own SELECT first, then in the
 * enclosing ones (correlated subqueries); subqueries in FROM and CTEs are relations of their own.
 */
import type { Node, RangeVar, TypeName } from 'libpg-query';
import { nodeOfKind, relationName, stringValue, unwrap } from '../ast';
import { figureColname } from './expr';
import type { Catalog, ColumnRefOf, ColumnType, View } from './model';
import { peekTable } from './model';
import { resolveRelation, userTypeSchema } from './resolve';
import { columnType, makeColumnType } from './types';

/** A relation in a FROM clause: a table or view of the catalog (`key`), or a subquery / CTE. */
interface ScopeRelation {
  key?: string;
  alias: string;
  columns: string[];
  types: Array<ColumnType | undefined>;
}

type Scope = ScopeRelation[];

export interface ViewShape {
  columns: string[];
  /** The type of each output column when the query makes it plain (a column, a cast, count(*)). */
  columnTypes: Array<ColumnType | undefined>;
  relations: string[];
  dependsOn: ColumnRefOf[];
}

interface SelectNode {
  targetList?: Node[];
  fromClause?: Node[];
  whereClause?: Node;
  groupClause?: Node[];
  havingClause?: Node;
  sortClause?: Node[];
  windowClause?: Node[];
  distinctClause?: Node[];
  valuesLists?: Node[];
  withClause?: { ctes?: Node[] };
  op?: string;
  larg?: SelectNode;
  rarg?: SelectNode;
}

class QueryAnalysis {
  readonly relations: string[] = [];
  readonly dependsOn: ColumnRefOf[] = [];
  private readonly ctes = new Map<string, ScopeRelation>();

  constructor(private readonly catalog: Catalog) {}

  /** Analyses a SELECT (or set operation) and returns its output columns and types. */
  select(select: SelectNode | undefined, outer: Scope[]): { columns: string[]; types: Array<ColumnType | undefined> } {
    if (!select) return { columns: [], types: [] };
    for (const cte of select.withClause?.ctes ?? []) this.cte(nodeOfKind(cte, 'CommonTableExpr'), outer);
    if (select.op && select.op !== 'SETOP_NONE') {
      const left = this.select(select.larg, outer);
      this.select(select.rarg, outer);
      return left;
    }
    const scope: Scope = [];
    for (const item of select.fromClause ?? []) this.fromItem(item, scope, outer);
    const scopes = [scope, ...outer];
    const own = [select.targetList, select.whereClause, select.groupClause, select.havingClause, select.sortClause, select.windowClause, select.distinctClause, select.valuesLists];
    this.expressions(own, scopes);
    return this.output(select.targetList ?? [], scopes);
  }

  private cte(cte: { ctename?: string; ctequery?: Node; aliascolnames?: Node[] } | undefined, outer: Scope[]): void {
    if (!cte?.ctename) return;
    const result = this.select(nodeOfKind<SelectNode>(cte.ctequery, 'SelectStmt'), outer);
    const aliases = (cte.aliascolnames ?? []).map(stringValue).filter((a): a is string => a !== undefined);
    this.ctes.set(cte.ctename, { alias: cte.ctename, columns: result.columns.map((c, i) => aliases[i] ?? c), types: result.types });
  }

  private fromItem(item: Node, scope: Scope, outer: Scope[]): void {
    const unwrapped = unwrap(item);
    if (!unwrapped) return;
    const value = unwrapped.value;
    switch (unwrapped.kind) {
      case 'RangeVar': {
        const range = value as RangeVar;
        const name = relationName(range);
        if (!name) return;
        const alias = range.alias?.aliasname ?? name.name;
        const cte = !name.schema ? this.ctes.get(name.name) : undefined;
        if (cte) {
          scope.push({ ...cte, alias });
          return;
        }
        const key = resolveRelation(this.catalog, name);
        if (!this.relations.includes(key ?? displayKey(name))) this.relations.push(key ?? displayKey(name));
        const table = key ? peekTable(this.catalog, key) : undefined;
        const columns = table?.columns.map((c) => c.name) ?? (key ? (this.catalog.views.get(key)?.columns ?? []) : []);
        scope.push({ key, alias, columns, types: table?.columns.map((c) => c.type) ?? columns.map(() => undefined) });
        return;
      }
      case 'JoinExpr': {
        this.fromItem(value.larg as Node, scope, outer);
        this.fromItem(value.rarg as Node, scope, outer);
        for (const column of ((value.usingClause as Node[] | undefined) ?? []).map(stringValue)) {
          for (const relation of scope) if (column && relation.columns.includes(column)) this.depend(relation, column);
        }
        this.expressions([value.quals], [scope, ...outer]);
        return;
      }
      case 'RangeSubselect': {
        // A LATERAL subquery sees the relations before it.
        const sees = value.lateral ? [scope, ...outer] : outer;
        const result = this.select(nodeOfKind<SelectNode>(value.subquery as Node, 'SelectStmt'), sees);
        const alias = (value.alias as { aliasname?: string; colnames?: Node[] } | undefined) ?? {};
        const names = (alias.colnames ?? []).map(stringValue);
        scope.push({ alias: alias.aliasname ?? '', columns: result.columns.map((c, i) => names[i] ?? c), types: result.types });
        return;
      }
      case 'RangeFunction':
        this.expressions([value.functions], [scope, ...outer]);
        scope.push({ alias: (value.alias as { aliasname?: string } | undefined)?.aliasname ?? '', columns: [], types: [] });
        return;
      default:
        return;
    }
  }

  /** Column references in expressions of the current SELECT; nested SELECTs get their own scope. */
  private expressions(value: unknown, scopes: Scope[]): void {
    if (Array.isArray(value)) {
      for (const item of value) this.expressions(item, scopes);
      return;
    }
    if (!value || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (key === 'SelectStmt') {
        this.select(child as SelectNode, scopes);
        continue;
      }
      if (key === 'ColumnRef') {
        this.columnRef((child as { fields?: Node[] }).fields ?? [], scopes);
        continue;
      }
      this.expressions(child, scopes);
    }
  }

  private columnRef(fields: Node[], scopes: Scope[]): void {
    const parts = fields.map((f) => stringValue(f) ?? (nodeOfKind(f, 'A_Star') ? '*' : ''));
    const column = parts[parts.length - 1];
    const qualifier = parts.length > 1 ? parts[parts.length - 2] : undefined;
    for (const scope of scopes) {
      const candidates = qualifier ? scope.filter((r) => r.alias === qualifier) : scope;
      if (column === '*') {
        if (candidates.length === 0) continue;
        for (const relation of candidates) for (const c of relation.columns) this.depend(relation, c);
        return;
      }
      const relation = candidates.find((r) => r.columns.includes(column)) ?? (qualifier ? candidates[0] : undefined);
      if (relation) {
        if (relation.columns.includes(column)) this.depend(relation, column);
        return;
      }
    }
  }

  private depend(relation: ScopeRelation, column: string): void {
    if (!relation.key) return;
    if (!this.dependsOn.some((d) => d.table === relation.key && d.column === column)) this.dependsOn.push({ table: relation.key, column });
  }

  private output(targets: Node[], scopes: Scope[]): { columns: string[]; types: Array<ColumnType | undefined> } {
    const columns: string[] = [];
    const types: Array<ColumnType | undefined> = [];
    for (const target of targets) {
      const res = nodeOfKind<{ name?: string; val?: Node }>(target, 'ResTarget');
      if (!res) continue;
      const ref = nodeOfKind<{ fields?: Node[] }>(res.val, 'ColumnRef');
      const last = ref?.fields?.[ref.fields.length - 1];
      if (last && nodeOfKind(last, 'A_Star')) {
        const qualifier = ref?.fields && ref.fields.length > 1 ? stringValue(ref.fields[ref.fields.length - 2]) : undefined;
        for (const relation of scopes[0].filter((r) => !qualifier || r.alias === qualifier)) {
          columns.push(...relation.columns);
          types.push(...relation.columns.map((_, i) => relation.types[i]));
        }
        continue;
      }
      columns.push(res.name ?? figureColname(res.val) ?? '?column?');
      types.push(this.expressionType(scopes[0], res.val));
    }
    return { columns, types };
  }

  /** Only what is certain: a column's own type, an explicit cast, count(), a comparison, min/max of a column. */
  private expressionType(scope: Scope, node: Node | undefined): ColumnType | undefined {
    const ref = nodeOfKind<{ fields?: Node[] }>(node, 'ColumnRef');
    if (ref) {
      const parts = (ref.fields ?? []).map((f) => stringValue(f) ?? '');
      const column = parts[parts.length - 1];
      const qualifier = parts.length > 1 ? parts[parts.length - 2] : undefined;
      const relation = scope.find((r) => (!qualifier || r.alias === qualifier) && r.columns.includes(column));
      return relation?.types[relation.columns.indexOf(column)];
    }
    const cast = nodeOfKind<{ typeName?: TypeName }>(node, 'TypeCast');
    if (cast?.typeName) return columnType(cast.typeName, (name) => userTypeSchema(this.catalog, name));
    const call = nodeOfKind<{ funcname?: Node[]; args?: Node[]; agg_star?: boolean }>(node, 'FuncCall');
    const fn = (call?.funcname ?? []).map(stringValue).pop();
    if (fn === 'count') return makeColumnType('int8', [], 0);
    if ((fn === 'max' || fn === 'min') && call?.args?.length === 1) return this.expressionType(scope, call.args[0]);
    const expr = nodeOfKind<{ kind?: string; name?: Node[] }>(node, 'A_Expr');
    if (expr?.kind === 'AEXPR_OP' && COMPARISONS.has((expr.name ?? []).map(stringValue).join(''))) return makeColumnType('bool', [], 0);
    if (nodeOfKind(node, 'BoolExpr') || nodeOfKind(node, 'NullTest')) return makeColumnType('bool', [], 0);
    return undefined;
  }
}

const COMPARISONS = new Set(['=', '<>', '<', '>', '<=', '>=']);

function displayKey(name: { schema?: string; name: string }): string {
  return name.schema ? `${name.schema}.${name.name}` : name.name;
}

export function analyseQuery(catalog: Catalog, query: Node | undefined, aliases: string[]): ViewShape {
  const analysis = new QueryAnalysis(catalog);
  const result = analysis.select(nodeOfKind<SelectNode>(query, 'SelectStmt'), []);
  return {
    columns: result.columns.map((name, i) => aliases[i] ?? name),
    columnTypes: result.types,
    relations: analysis.relations,
    dependsOn: analysis.dependsOn,
  };
}

export function makeView(catalog: Catalog, schema: string, name: string, materialized: boolean, query: Node | undefined, aliases: string[]): View {
  const { columns, relations, dependsOn } = analyseQuery(catalog, query, aliases);
  return { schema, name, materialized, columns, relations, dependsOn };
}
