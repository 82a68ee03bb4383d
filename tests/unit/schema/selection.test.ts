import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { selectedFieldNames, selectsAny } from '../../../src/schema/selection.js';

/** The operation and fragments of a document, as a resolver's info carries them. */
function infoOf(document: string) {
  const doc = parse(document);
  const operation = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments = Object.fromEntries(
    doc.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  return { operation, fragments };
}

describe('selectedFieldNames', () => {
  it('collects field names from the operation, fragments and inline fragments, not aliases', () => {
    const info = infoOf(`query Q { a: routineTrend(question: "x") { points { ... on TrendPoint { nation { ...S } } } } }
      fragment S on Share { share x: agreesWithComputed }`);
    expect([...selectedFieldNames(info)].sort()).toEqual([
      'agreesWithComputed',
      'nation',
      'points',
      'routineTrend',
      'share',
    ]);
    expect(selectsAny(info, ['published', 'agreesWithComputed'])).toBe(true);
    expect(selectsAny(infoOf('{ routineTrend(question: "x") { points { nation { share } } } }'), ['published'])).toBe(
      false,
    );
  });

  it('counts a field behind @include or @skip as selected', () => {
    const info = infoOf(
      'query Q($p: Boolean!) { regionComparison { nation { published @include(if: $p) { percent } } } }',
    );
    expect(selectsAny(info, ['published'])).toBe(true);
  });

  it('computes the names once per operation node', () => {
    const info = infoOf('{ regionComparison { nation { share } } }');
    expect(selectedFieldNames(info)).toBe(selectedFieldNames({ ...info }));
  });
});
