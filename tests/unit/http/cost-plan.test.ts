import { getVariableValues, Kind, parse, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { plannedComplexity } from '../../../src/http/cost-plan.js';
import { argumentBounds, fieldCost } from '../../../src/http/limits.js';
import { buildJamforSchema } from '../../../src/schema/build-schema.js';

/*
 * The planned walk must answer every request exactly as graphql-query-complexity's full walk
 * does: the same cost, or the same error. Each case sends one document several times with
 * different variables: the first request makes the plan, the second (valid) one memoises its
 * cost, so the later ones are answered from the plan.
 */

let schema: GraphQLSchema;
const limits = loadConfig({}).limits;

beforeAll(async () => {
  schema = await buildJamforSchema();
});

type Outcome = { cost: number } | { error: string };

function outcome(run: () => number): Outcome {
  try {
    return { cost: run() };
  } catch (error) {
    return { error: error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error) };
  }
}

/** Runs every request through one planned walk and through the full walk; returns both outcome lists. */
function compare(query: string, requests: Record<string, unknown>[], estimators = [argumentBounds(limits), fieldCost]) {
  const [bounds, cost] = estimators as [ComplexityEstimator, ComplexityEstimator];
  const planned = plannedComplexity(bounds, cost);
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const viaPlan: Outcome[] = [];
  const full: Outcome[] = [];
  for (const variables of requests) {
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables).coerced!;
    viaPlan.push(outcome(() => planned({ schema, document, operation, variables, coerced })));
    full.push(
      outcome(() =>
        getComplexity({ schema, query: document, variables, operationName: operation.name?.value, estimators }),
      ),
    );
  }
  return { viaPlan, full };
}

describe('the planned cost walk', () => {
  it('prices a page size given as a variable per request, as the full walk does', () => {
    const { viaPlan, full } = compare(
      `query P($n: Int!) { municipalities(first: $n) { nodes { code name region { code } } } }`,
      [{ n: 10 }, { n: 10 }, { n: 500 }, { n: 1 }, { n: 10 }],
    );
    expect(viaPlan).toEqual(full);
    // 10 × (1 + 1 + 1 + 1 + (1 + 1)) = 60 for a page of 10
    expect(viaPlan.map((o) => ('cost' in o ? o.cost : o.error))).toEqual([60, 60, 3000, 6, 60]);
  });

  it('refuses an out-of-bounds variable after the plan is made, with the same error', () => {
    const { viaPlan, full } = compare(`query P($n: Int!) { municipalities(first: $n) { totalCount } }`, [
      { n: 5 },
      { n: 5 },
      { n: 100_000 },
      { n: 0 },
      { n: 5 },
    ]);
    expect(viaPlan).toEqual(full);
    expect(viaPlan[2]).toEqual({ error: 'ArgumentOutOfBoundsError: first must be between 1 and 500, got 100000' });
  });

  it('checks list arguments and NUL characters per request, also inside a literal list', () => {
    const codes = Array.from({ length: 301 }, (_, i) => String(i).padStart(4, '0'));
    const { viaPlan, full } = compare(
      `query C($codes: [String!], $one: String!) {
        a: municipalities(codes: $codes) { totalCount }
        b: municipalities(codes: ["0114", $one]) { totalCount }
      }`,
      [
        { codes: ['0114'], one: '0115' },
        { codes: ['0114'], one: '0115' },
        { codes, one: '0115' },
        { codes: ['0114'], one: 'x\u0000' },
        { codes: ['0114'], one: '0115' },
      ],
    );
    expect(viaPlan).toEqual(full);
    expect(viaPlan.map((o) => 'error' in o)).toEqual([false, false, true, true, false]);
    expect(viaPlan[3]).toEqual({
      error: 'ArgumentOutOfBoundsError: Query.municipalities(codes) must not contain a NUL character',
    });
  });

  it('reports the first offending field in the order the full walk meets it', () => {
    const { viaPlan, full } = compare(
      `query Two($a: Int!, $b: Int!) {
        regions { code }
        x: municipalities(first: $a) { totalCount }
        y: municipalities(first: $b) { totalCount }
      }`,
      [
        { a: 1, b: 1 },
        { a: 1, b: 1 },
        { a: 0, b: 9999 },
        { a: 9999, b: 0 },
      ],
    );
    expect(viaPlan).toEqual(full);
    expect(viaPlan[2]).toEqual({ error: 'ArgumentOutOfBoundsError: first must be between 1 and 500, got 0' });
    expect(viaPlan[3]).toEqual({ error: 'ArgumentOutOfBoundsError: first must be between 1 and 500, got 9999' });
  });

  it('walks in full when @skip or @include reads a variable', () => {
    const { viaPlan, full } = compare(
      `query S($big: Boolean!) {
        municipalities(first: 10) { totalCount }
        more: municipalities(first: 500) @include(if: $big) { nodes { code } }
      }`,
      [{ big: false }, { big: true }, { big: false }],
    );
    expect(viaPlan).toEqual(full);
    expect(viaPlan.map((o) => ('cost' in o ? o.cost : o.error))).toEqual([20, 1520, 20]);
  });

  it('prices a document without variables once and gives the same cost after', () => {
    const { viaPlan, full } = compare(`{ regions { code municipalities { code } } }`, [{}, {}, {}]);
    expect(viaPlan).toEqual(full);
    expect(viaPlan[0]).toEqual({ cost: 21 * (1 + 1 + 14 * 2) });
  });
});
