import type { RoutineScopeInput } from '../operations/generated.js';
import { ExportParameterError } from './export-view.js';

/** Reading an export's URL parameters into an operation's variables. */

type Params = URLSearchParams;

export function required(params: Params, name: string): string {
  const value = params.get(name);
  if (value === null || value.trim() === '') throw new ExportParameterError(`missing parameter "${name}"`);
  return value.trim();
}

export function optional(params: Params, name: string): string | undefined {
  const value = params.get(name)?.trim();
  return value ? value : undefined;
}

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d{1,6}$/.test(value))
    throw new ExportParameterError(`parameter "${name}" must be an integer, got "${value}"`);
  return Number(value);
}

export function requiredInt(params: Params, name: string): number {
  return integer(name, required(params, name))!;
}

export function optionalInt(params: Params, name: string): number | undefined {
  return integer(name, optional(params, name));
}

function isScopeKind(kind: string): kind is RoutineScopeInput['kind'] {
  return ['NATION', 'REGION', 'KOMMUNGRUPP'].includes(kind);
}

/** `NATION`, `REGION:04` or `KOMMUNGRUPP:B3` (case-insensitive kind) → RoutineScopeInput. */
export function parseScope(text: string): RoutineScopeInput {
  const [kind = '', code, ...rest] = text.split(':');
  const upper = kind.toUpperCase();
  if (rest.length > 0 || !isScopeKind(upper)) {
    throw new ExportParameterError(
      `parameter "scope" must be NATION, REGION:<länskod> or KOMMUNGRUPP:<code>, got "${text}"`,
    );
  }
  if (upper === 'NATION') return { kind: upper };
  if (!code) throw new ExportParameterError(`parameter "scope" needs a code after "${upper}:", e.g. "REGION:04"`);
  return { kind: upper, code };
}

/** Drops undefined, so the operation's own defaults apply. */
export function defined<T extends object>(variables: T): T {
  return Object.fromEntries(Object.entries(variables).filter(([, v]) => v !== undefined)) as T;
}

/**
 * An enum argument, upper-cased. Not checked against the enum here: the API refuses an
 * unknown value with BAD_USER_INPUT naming the allowed ones, and the route answers 400.
 */
export function enumValue<T extends string>(value: string): T;
export function enumValue<T extends string>(value: string | undefined): T | undefined;
export function enumValue<T extends string>(value: string | undefined): T | undefined {
  return value?.toUpperCase() as T | undefined;
}

export function slug(...parts: unknown[]): string {
  return parts
    .filter((p) => p !== undefined && p !== null && p !== '')
    .map((p) => String(p).replace(/[^A-Za-z0-9_.-]+/g, '-'))
    .join('_');
}
