import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNullableType,
  GraphQLError,
  isListType,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import type { Config } from '../config.js';
import type { Context } from '../schema/context.js';
import { JamforError } from '../schema/errors.js';
import { coercedVariables } from './coerced-variables.js';
import { plannedComplexity } from './cost-plan.js';

/*
 * The API refuses abusive documents before any resolver runs, so before the database is
 * touched. Two stages:
 *
 * - Validation rules (depth, aliases, root fields) depend on the document alone; Apollo runs
 *   them once per distinct document and caches the result with it.
 * - `requestLimitsPlugin` (cost, page sizes, list arguments) depends on the variables too,
 *   so it runs for every request, in `didResolveOperation`, after validation and before
 *   execution; the walk over the document is planned once per operation (cost-plan.ts).
 *
 * The token limit is graphql-js's own `maxTokens` parse option (see createApollo); the body
 * size limit is in server.ts.
 */

export type Limits = Config['limits'];

/** Which limit a QUERY_TOO_COMPLEX error refers to; sent as `extensions.limit`. */
export type LimitName = 'depth' | 'aliases' | 'rootFields' | 'cost' | 'tokens' | 'introspection';

/** A document over one of the limits. Refused with HTTP 400 before execution. */
export class QueryTooComplexError extends JamforError {
  constructor(limit: LimitName, max: number, actual?: number) {
    const detail = actual === undefined ? '' : ` (got ${actual})`;
    super(`Query exceeds the ${limit} limit of ${max}${detail}`, 'QUERY_TOO_COMPLEX', {
      limit,
      max,
      ...(actual === undefined ? {} : { actual }),
      http: { status: 400 },
    });
  }
}

/** An argument out of bounds (`first`, a list of codes), caught before execution. HTTP 400. */
export class ArgumentOutOfBoundsError extends JamforError {
  constructor(message: string, argument: string) {
    super(message, 'BAD_USER_INPUT', { argument, http: { status: 400 } });
  }
}

// ---------------------------------------------------------------------------------------
// Document shape: depth, aliases, root fields

/** One operation measured with its fragments expanded, as execution would see it. */
interface Shape {
  /** Longest chain of nested fields; `{ regions { code } }` has depth 2. */
  depth: number;
  /** Aliased fields anywhere in the operation, counted once per place they would run. */
  aliases: number;
  /** Fields in the top selection set (after spreading fragments), duplicates included. */
  fields: number;
  /** `__schema` and `__type` fields, aliased copies included, counted once per place they would run. */
  introspection: number;
}

const shapes = new WeakMap<OperationDefinitionNode, Shape>();

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/**
 * Measures an operation once for all three rules. Fragments are memoized by name so that a
 * document of nested spreads (F0 spreads F1 twice, F1 spreads F2 twice, …) costs linear time
 * rather than exponential; spreads already on the path are skipped, because all validation
 * rules run in one pass and NoFragmentCyclesRule's error does not stop this one.
 *
 * Introspection subtrees (`__schema`, `__type`) count as depth 1: they are answered from the
 * in-memory schema, the standard introspection query nests TypeRef ten levels deep, and
 * graphql-js's MaxIntrospectionDepthRule bounds their fan-out.
 */
function shapeOf(operation: OperationDefinitionNode, context: ValidationContext): Shape {
  const cached = shapes.get(operation);
  if (cached) return cached;
  const fragments = new Map<string, Shape>();
  const active = new Set<string>();
  const measure = (set: SelectionSetNode): Shape => {
    const shape: Shape = { depth: 0, aliases: 0, fields: 0, introspection: 0 };
    const merge = (inner: Shape) => {
      shape.depth = Math.max(shape.depth, inner.depth);
      shape.aliases += inner.aliases;
      shape.fields += inner.fields;
      shape.introspection += inner.introspection;
    };
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        shape.fields++;
        if (selection.alias) shape.aliases++;
        if (INTROSPECTION_ROOTS.has(selection.name.value)) shape.introspection++;
        const inner = selection.selectionSet ? measure(selection.selectionSet) : null;
        if (inner) {
          shape.aliases += inner.aliases;
          shape.introspection += inner.introspection;
        }
        const counted = inner && !selection.name.value.startsWith('__') ? inner.depth : 0;
        shape.depth = Math.max(shape.depth, 1 + counted);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        merge(measure(selection.selectionSet));
      } else {
        const name = selection.name.value;
        const fragment: FragmentDefinitionNode | null | undefined = context.getFragment(name);
        if (!fragment || active.has(name)) continue;
        let inner = fragments.get(name);
        if (!inner) {
          active.add(name);
          inner = measure(fragment.selectionSet);
          active.delete(name);
          fragments.set(name, inner);
        }
        merge(inner);
      }
    }
    return shape;
  };
  const shape = measure(operation.selectionSet);
  shapes.set(operation, shape);
  return shape;
}

function operationRule(check: (shape: Shape) => QueryTooComplexError | null): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const error = check(shapeOf(operation, context));
      if (error) context.reportError(error);
      return false;
    },
  });
}

export function depthLimitRule(max: number): ValidationRule {
  return operationRule(({ depth }) => (depth > max ? new QueryTooComplexError('depth', max, depth) : null));
}

export function aliasLimitRule(max: number): ValidationRule {
  return operationRule(({ aliases }) => (aliases > max ? new QueryTooComplexError('aliases', max, aliases) : null));
}

export function rootFieldLimitRule(max: number): ValidationRule {
  return operationRule(({ fields }) => (fields > max ? new QueryTooComplexError('rootFields', max, fields) : null));
}

/**
 * At most one `__schema`/`__type` per operation. Their subtrees are priced once (fieldCost)
 * and skipped by the depth limit, because one standard introspection query is cheap; but an
 * aliased copy of `__schema { types { fields { args … } } }` answers ≈ 100 kB and ≈ 20 ms
 * of CPU each, so 15 of them in one document stalled the server (issue 11). Tools send one.
 */
export function introspectionLimitRule(max = 1): ValidationRule {
  return operationRule(({ introspection }) =>
    introspection > max ? new QueryTooComplexError('introspection', max, introspection) : null,
  );
}

/**
 * Refuses an operation type the schema does not define. graphql-js validates
 * `mutation { x }` against a schema without a Mutation type silently (no rule checks the
 * root type) and only execution fails, as an uncoded error that would be masked as
 * INTERNAL_SERVER_ERROR; as a validation error it is the client's GRAPHQL_VALIDATION_FAILED.
 */
export const OperationTypeSupportedRule: ValidationRule = (context) => ({
  OperationDefinition(operation) {
    if (!context.getSchema().getRootType(operation.operation)) {
      context.reportError(
        new GraphQLError(`This API has no ${operation.operation} operations: it only answers queries`, {
          nodes: operation,
        }),
      );
    }
    return false;
  },
});

/** The document-only limits, for ApolloServer's `validationRules`. */
export function limitRules(limits: Limits): ValidationRule[] {
  return [
    OperationTypeSupportedRule,
    introspectionLimitRule(),
    depthLimitRule(limits.maxDepth),
    aliasLimitRule(limits.maxAliases),
    rootFieldLimitRule(limits.maxRootFields),
  ];
}

// ---------------------------------------------------------------------------------------
// Cost and argument bounds

/**
 * How many items a list field without a `first` argument returns per parent, as
 * `Type.field`: the mean fan-out of the reference data (2025), so that a walk over all
 * parents prices the true total (`regions { municipalities }`: 21 × 14 ≈ 290) instead of
 * compounding maxima. Top-level lists are their full size. A list field missing here counts
 * as DEFAULT_LIST_ESTIMATE.
 */
export const LIST_ESTIMATES: Readonly<Record<string, number>> = {
  'Query.regions': 21,
  'Query.districts': 14,
  'Query.serviceAreas': 9,
  'Query.questions': 300,
  // 290 municipalities in 21 län (largest: Västra Götaland, 49)
  'Region.municipalities': 14,
  // 290 municipalities in 9 kommungrupper (largest: B4, 63)
  'Kommungrupp.municipalities': 33,
  // 14 districts, all in Stockholm
  'Municipality.districts': 1,
  'ServiceArea.questions': 40,
  // Routine views (issue 4): years of a series, answer pairs, units per pair …
  'RoutineTrend.points': 15,
  'RoutineComparison.references': 5,
  'RegionComparison.regions': 21,
  'RoutineProfile.areas': 10,
  'RoutineProfileArea.items': 40,
  'RoutineChanges.transitions': 16,
  'RoutineTransition.units': 20,
  // 14 districts, all in Stockholm
  'RoutineTransition.districts': 2,
  // Agreements, plan counts, ledger: 21 regions, ≤ 5 statuses, ≤ 15 content flags …
  'AgreementCoverage.groups': 21,
  'AgreementCoverage.published': 25,
  'AgreementCoverageGroup.statusShares': 5,
  'AgreementCoverageGroup.contentFlags': 15,
  'PlanCounts.series': 10,
  'PlanCountSeries.points': 20,
  'PlanCounts.discrepancies': 2,
  // Studies typed in from reports (issue 10): 14 bundled, ≈ 14 figures and < 1 discrepancy each
  'Query.studies': 15,
  'Study.figures': 15,
  'Study.discrepancies': 1,
  'Dataset.sources': 5,
  'IngestRun.rejects': 5,
  'IngestRun.repairs': 3,
  // One file per run today; a publication run holds a handful.
  'IngestRun.files': 3,
  'IngestRunFile.repairs': 3,
  'IngestRunFile.skippedRows': 5,
  'IngestRunFile.rejects': 5,
  'IngestRunFile.keptValues': 5,
};

/** A list field not in LIST_ESTIMATES counts as one default page. */
export const DEFAULT_LIST_ESTIMATE = 100;

/** Page size when a `first` argument is absent and has no default. */
export const DEFAULT_PAGE_SIZE = 100;

/**
 * The price of one field: 1 for a scalar, 1 + its selection for an object; a field with a
 * `first` argument multiplies that by `first` (its connection's `nodes` then count once); any
 * other list field by its estimate. So `municipalities(first: 500) { nodes { code } }` costs
 * 500 × (1 + 1 + 1) = 1 500, and `regions { municipalities { code } }` 21 × (1 + 14 × 2) = 609.
 *
 * Introspection lists (`__Schema.types`, `__Type.fields`, …) count once: they are answered
 * from memory, and graphql-js's MaxIntrospectionDepthRule (in specifiedRules since 16.9)
 * already refuses their cyclic nesting.
 *
 * Of the arguments it reads `first` alone: cost-plan.ts memoises an operation's cost by its
 * `first` values, so an estimate from any other argument must be added to that key too.
 */
export const fieldCost: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  const own = 1 + childComplexity;
  if (field.args.some((a) => a.name === 'first')) {
    const first: unknown = args['first'];
    return (typeof first === 'number' ? first : DEFAULT_PAGE_SIZE) * own;
  }
  if (!isListType(getNullableType(field.type))) return own;
  if (type.name.startsWith('__')) return own;
  if (field.name === 'nodes' && type.name.endsWith('Connection')) return own;
  return (LIST_ESTIMATES[`${type.name}.${field.name}`] ?? DEFAULT_LIST_ESTIMATE) * own;
};

/**
 * Checks every field's coerced arguments (literals and variables alike) during the cost walk
 * and prices nothing: `first` must be a page size the resolvers accept, and no list argument
 * may hold more than `maxListArgument` values. Resolvers check again; this makes sure the
 * refusal comes before their SQL.
 */
export function argumentBounds(limits: Limits): ComplexityEstimator {
  return ({ type, field, args }) => {
    const first: unknown = args['first'];
    if (typeof first === 'number' && (first < 1 || first > limits.maxPageSize)) {
      throw new ArgumentOutOfBoundsError(`first must be between 1 and ${limits.maxPageSize}, got ${first}`, 'first');
    }
    for (const [name, value] of Object.entries(args)) {
      if (holdsNulByte(value)) {
        // PostgreSQL text cannot hold U+0000: the driver would fail with a server error.
        throw new ArgumentOutOfBoundsError(
          `${type.name}.${field.name}(${name}) must not contain a NUL character`,
          name,
        );
      }
      const length = longestList(value);
      if (length > limits.maxListArgument) {
        throw new ArgumentOutOfBoundsError(
          `${type.name}.${field.name}(${name}) takes at most ${limits.maxListArgument} values, got ${length}`,
          name,
        );
      }
    }
  };
}

/** Whether a string anywhere in an argument value (lists, input objects) holds U+0000. */
export function holdsNulByte(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(holdsNulByte);
  if (value !== null && typeof value === 'object') return Object.values(value).some(holdsNulByte);
  return false;
}

/** The longest list anywhere in an argument value (input objects included). */
function longestList(value: unknown): number {
  const longest = (values: unknown[], start: number) =>
    values.reduce<number>((max, v) => Math.max(max, longestList(v)), start);
  if (Array.isArray(value)) return longest(value, value.length);
  if (value !== null && typeof value === 'object') return longest(Object.values(value), 0);
  return 0;
}

/**
 * Refuses, per request, an operation whose cost exceeds `maxCost` (QUERY_TOO_COMPLEX) or
 * whose arguments are out of bounds (BAD_USER_INPUT), with HTTP 400 and before execution.
 * Variables that do not coerce are left to graphql-js, which refuses them before execution
 * too.
 */
export function requestLimitsPlugin(limits: Limits): ApolloServerPlugin<Context> {
  const complexity = plannedComplexity(argumentBounds(limits), fieldCost);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          // No operation matches operationName: graphql-js refuses it before any resolver runs.
          if (!operation) return;
          const variables = coercedVariables(schema, operation, request);
          if (variables.errors) return;
          let cost: number;
          try {
            cost = complexity({
              schema,
              document,
              operation,
              variables: request.variables ?? {},
              coerced: variables.coerced,
            });
          } catch (error) {
            // getComplexity gives up after 10 000 expanded fields (its maxQueryNodes).
            if (error instanceof Error && /maximum allowed number of nodes/.test(error.message)) {
              throw new QueryTooComplexError('cost', limits.maxCost);
            }
            throw error;
          }
          if (cost > limits.maxCost) throw new QueryTooComplexError('cost', limits.maxCost, cost);
        },
      };
    },
  };
}

/**
 * graphql-js's parse error for a document over `maxTokens`: graphql 16 says "more that N
 * tokens" (sic); later versions may fix the typo.
 */
const TOKEN_LIMIT_MESSAGE = /^Syntax Error: Document contains more tha[nt] (\d+) tokens\./;

/**
 * graphql-js reports the token limit as a syntax error, which Apollo codes
 * GRAPHQL_PARSE_FAILED; clients get it as what it is, QUERY_TOO_COMPLEX with
 * `limit: "tokens"`. Null for any other error.
 */
export function tokenLimitError(message: string): QueryTooComplexError | null {
  const match = TOKEN_LIMIT_MESSAGE.exec(message);
  return match ? new QueryTooComplexError('tokens', Number(match[1])) : null;
}

/** Resolves in the event loop's check phase, after pending I/O callbacks (such as /healthz) have run. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Lets the event loop breathe between the CPU-bound stages of a request. Apollo awaits its
 * hooks as promises, so parsing, validation, execution and serialisation of one request would
 * otherwise run as one uninterrupted turn; under a flood of requests that each pass the limits
 * (one large introspection, say) /healthz then waited behind all of them (12.8 s measured,
 * issue 11). Yielding before parsing, before execution and before serialisation lets other
 * sockets in between; see bench/RESULTS.md (/healthz during a flood).
 */
export function yieldingPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      await nextTurn();
      return {
        async didResolveOperation() {
          await nextTurn();
        },
        async willSendResponse() {
          await nextTurn();
        },
      };
    },
  };
}
