/** Everything a catalog holds, in iteration order, as JSON, without copying shared (copy-on-write) tables. */
import { TableMap, type Catalog } from '../../server/src/analysis/schema/model';

export function catalogJson(catalog: Catalog): string {
  return JSON.stringify(catalog, (_key, value: unknown) => {
    if (value instanceof TableMap) return { map: [...value.peekEntries()] };
    if (value instanceof Map) return { map: [...value.entries()] };
    if (value instanceof Set) return { set: [...value] };
    return value;
  });
}
