/**
 * Name resolution the way PostgreSQL does it: a qualified name is taken as is, an unqualified one is
 * searched along search_path; new objects go into the first schema of search_path that exists.
 */
import type { QualifiedName } from '../ast';
import type { Catalog } from './model';
import { objectKey } from './model';

/** The schemas an unqualified name is searched in, in order (pg_catalog is implicit and holds no user objects). */
export function effectiveSearchPath(catalog: Catalog): string[] {
  return catalog.searchPath.filter((schema) => catalog.schemas.has(schema));
}

/** Where an object named `name` is created, or undefined when search_path names no existing schema. */
export function creationSchema(catalog: Catalog, name: QualifiedName): string | undefined {
  if (name.schema) return name.schema;
  return effectiveSearchPath(catalog)[0];
}

/** The key of the first object found for `name` in `has`, following search_path when unqualified. */
export function resolveIn(catalog: Catalog, name: QualifiedName, has: (key: string) => boolean): string | undefined {
  if (name.schema) {
    const key = objectKey(name.schema, name.name);
    return has(key) ? key : undefined;
  }
  // Temporary objects come first, before search_path, as in PostgreSQL.
  for (const schema of ['pg_temp', ...effectiveSearchPath(catalog)]) {
    const key = objectKey(schema, name.name);
    if (has(key)) return key;
  }
  return undefined;
}

export function resolveTable(catalog: Catalog, name: QualifiedName): string | undefined {
  return resolveIn(catalog, name, (key) => catalog.tables.has(key));
}

/** Tables, views and materialized views: what a FROM clause can name. */
export function resolveRelation(catalog: Catalog, name: QualifiedName): string | undefined {
  return resolveIn(catalog, name, (key) => catalog.tables.has(key) || catalog.views.has(key));
}

export function resolveIndex(catalog: Catalog, name: QualifiedName): string | undefined {
  return resolveIn(catalog, name, (key) => catalog.indexes.has(key));
}

export function resolveSequence(catalog: Catalog, name: QualifiedName): string | undefined {
  return resolveIn(catalog, name, (key) => catalog.sequences.has(key));
}

export function resolveView(catalog: Catalog, name: QualifiedName): string | undefined {
  return resolveIn(catalog, name, (key) => catalog.views.has(key));
}

export function resolveType(catalog: Catalog, name: QualifiedName): string | undefined {
  return resolveIn(catalog, name, (key) => catalog.types.has(key));
}

/** The schema of a user type named without a schema, when the model knows it. */
export function userTypeSchema(catalog: Catalog, name: string): string | undefined {
  const key = resolveType(catalog, { name });
  return key ? key.slice(0, key.indexOf('.')) : undefined;
}
