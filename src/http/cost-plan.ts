import {
  getArgumentValues,
  visit,
  BREAK,
  type ASTNode,
  type DocumentNode,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';

/*
 * graphql-query-complexity walks the whole document with graphql-js's TypeInfo on every
 * request, although for one operation only the variables change between requests: 0.1–0.2 ms
 * of CPU per request (measured in-process, a fifth of Apollo's whole pipeline for a small
 * query). So the walk runs in full once per operation, recording the fields whose arguments
 * read a variable; later requests re-check only those fields' arguments (in the walk's order,
 * so the same error comes first) and take the cost from a memo keyed by the page sizes the
 * variables give. Operations whose shape depends on variables (@skip/@include with a variable)
 * and requests whose arguments do not coerce always take the full walk, as before.
 */

/** One estimator call of the full walk whose arguments read a variable. */
interface VariableField {
  type: GraphQLCompositeType;
  field: GraphQLField<unknown, unknown>;
  node: FieldNode;
}

interface Plan {
  fields: VariableField[];
  /** Cost by the `first` values of `fields`, as JSON; bounded by MAX_COSTS_PER_OPERATION. */
  costs: Map<string, number>;
}

/** Distinct page-size combinations remembered per operation (clients use a handful). */
const MAX_COSTS_PER_OPERATION = 32;

function readsVariable(node: ASTNode): boolean {
  let found = false;
  visit(node, {
    Variable() {
      found = true;
      return BREAK;
    },
  });
  return found;
}

/** Whether a directive of the document reads a variable: then which fields are walked depends on the request. */
function shapeDependsOnVariables(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Directive(directive) {
      if (readsVariable(directive)) {
        found = true;
        return BREAK;
      }
      return false;
    },
  });
  return found;
}

export interface CostRequest {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The request's variables as sent. */
  variables: Record<string, unknown>;
  /** The same, coerced by graphql-js's getVariableValues (no errors). */
  coerced: Record<string, unknown>;
}

/**
 * The cost of an operation as getComplexity computes it with `bounds` then `cost` as
 * estimators, throwing what it throws. `bounds` only checks arguments (returns nothing);
 * `cost` must read no argument but `first`, since the memo is keyed by those alone.
 */
export function plannedComplexity(
  bounds: ComplexityEstimator,
  cost: ComplexityEstimator,
): (request: CostRequest) => number {
  const plans = new WeakMap<OperationDefinitionNode, Plan | 'full'>();
  const fullWalk = (r: CostRequest, estimators: ComplexityEstimator[]) =>
    getComplexity({
      schema: r.schema,
      query: r.document,
      variables: r.variables,
      operationName: r.operation.name?.value,
      estimators,
    });

  return (request) => {
    const plan = plans.get(request.operation);
    if (plan === 'full') return fullWalk(request, [bounds, cost]);
    if (plan === undefined) {
      if (shapeDependsOnVariables(request.document)) {
        plans.set(request.operation, 'full');
        return fullWalk(request, [bounds, cost]);
      }
      const fields: VariableField[] = [];
      const record: ComplexityEstimator = ({ type, field, node }) => {
        if ((node.arguments ?? []).some(readsVariable)) fields.push({ type, field, node });
      };
      const total = fullWalk(request, [record, bounds, cost]);
      plans.set(request.operation, { fields, costs: new Map() });
      return total;
    }
    const firsts: unknown[] = [];
    for (const { type, field, node } of plan.fields) {
      let args: Record<string, unknown>;
      try {
        args = getArgumentValues(field, node, request.coerced);
      } catch {
        // The full walk reports this exactly as before (after walking everything else).
        return fullWalk(request, [bounds, cost]);
      }
      bounds({ type, field, node, args, childComplexity: 0 });
      firsts.push(args['first']);
    }
    const key = JSON.stringify(firsts);
    let total = plan.costs.get(key);
    if (total === undefined) {
      total = fullWalk(request, [bounds, cost]);
      if (plan.costs.size < MAX_COSTS_PER_OPERATION) plan.costs.set(key, total);
    }
    return total;
  };
}
