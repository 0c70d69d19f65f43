/**
 * What every apply function needs: the catalog, where the statement comes from, and a way to stop
 * with a reason. A `ReplayError` aborts the statement; `applyStatement` records it as a failure.
 */
import type { QualifiedName } from '../ast';
import { displayName } from '../ast';
import type { Catalog, Origin } from './model';
import { creationSchema, userTypeSchema } from './resolve';

export class ReplayError extends Error {}

export interface ApplyContext {
  catalog: Catalog;
  origin: Origin;
}

export function fail(message: string): never {
  throw new ReplayError(message);
}

export function schemaForNew(ctx: ApplyContext, name: QualifiedName): string {
  const schema = creationSchema(ctx.catalog, name);
  if (!schema) fail(`no schema has been selected to create "${name.name}" in (search_path is ${ctx.catalog.searchPath.join(', ') || 'empty'})`);
  if (!ctx.catalog.schemas.has(schema) && schema !== 'pg_temp') fail(`schema "${schema}" does not exist`);
  return schema;
}

export function missing(what: string, name: QualifiedName): never {
  fail(`${what} "${displayName(name)}" does not exist`);
}

export function typeSchemaResolver(ctx: ApplyContext): (name: string) => string | undefined {
  return (name) => userTypeSchema(ctx.catalog, name);
}
