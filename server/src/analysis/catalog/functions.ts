/**
 * PostgreSQL's built-in functions and their volatility, as pg_catalog.pg_proc records them.
 * The data is generated from PGlite by scripts/pg-catalog.mjs; nothing here is typed by hand.
 */
import catalog from './functions.generated.json';

export type Volatility = 'immutable' | 'stable' | 'volatile';

interface Overload {
  volatility: Volatility;
  min: number;
  max: number;
}

const LETTERS: Record<string, Volatility> = { i: 'immutable', s: 'stable', v: 'volatile' };

let table: Map<string, Overload[]> | undefined;

function overloads(): Map<string, Overload[]> {
  if (!table) {
    table = new Map();
    for (const [name, spec] of Object.entries(catalog.functions as Record<string, string>)) {
      table.set(name, spec.split(' ').map(parseOverload));
    }
  }
  return table;
}

function parseOverload(spec: string): Overload {
  const volatility = LETTERS[spec[0]];
  const arity = spec.slice(1);
  if (arity.endsWith('+')) return { volatility, min: Number(arity.slice(0, -1)), max: Infinity };
  const [min, max] = arity.split('-').map(Number);
  return { volatility, min, max: max ?? min };
}

/**
 * The volatility of a call to the built-in function `name` with `argCount` arguments: the most
 * volatile overload that accepts that many, or undefined when no built-in does (a user function).
 */
export function builtinVolatility(name: string, argCount: number): Volatility | undefined {
  const matching = (overloads().get(name) ?? []).filter((o) => argCount >= o.min && argCount <= o.max);
  if (matching.length === 0) return undefined;
  if (matching.some((o) => o.volatility === 'volatile')) return 'volatile';
  return matching.some((o) => o.volatility === 'stable') ? 'stable' : 'immutable';
}

/** The PostgreSQL version the data was read from, for docs and messages. */
export const CATALOG_SOURCE: string = catalog.source;
