import {
  AgreementCoverageDocument,
  DatasetDocument,
  DistrictsDocument,
  MunicipalitiesDocument,
  PlanCountSeriesDocument,
  PlanCountsDocument,
  PublishedFiguresDocument,
  RegionComparisonDocument,
  RegionsDocument,
  RoutineChangesDocument,
  RoutineComparisonDocument,
  RoutineProfileDocument,
  RoutineTrendDocument,
  ServiceAreasDocument,
  StudiesDocument,
  StudyDocument,
  type TypedDocumentString,
} from './generated.js';

/**
 * The GraphQL operations the dashboard sends, written once (the .graphql files beside this
 * one): the page imports them, the CSV export executes them, the explorer lists them, the
 * server warms up with them and scripts/write-query-docs.ts runs them to write
 * docs/queries.md. A dashboard author can copy any of them from the docs and get the same
 * numbers the page shows. Their result and variable types are generated from schema.graphql
 * (`npm run codegen` → generated.ts), so a schema change that breaks a view fails typecheck.
 *
 * No DOM and no Node here: this module is bundled into the page and imported by the server.
 */
export interface SavedOperation<TData = unknown, TVariables = Record<string, unknown>> {
  /** The operation name, as in the .graphql file. */
  name: string;
  /** The one root field it queries: `data[field]` is the answer. */
  field: string;
  /** One line for the explorer and the docs. */
  description: string;
  /** The document as sent: the operation and the fragments it spreads. */
  query: string;
  /** Example variables on the bundled data (Södermanlands län, Hemlöshet, 2018 …). */
  variables: TVariables;
  /** Carries the types only: never set. */
  readonly types?: { data: TData; variables: TVariables };
}

/** The root field's answer of an operation: `data[field]`. */
export type OperationResult<O> = O extends SavedOperation<infer TData, unknown> ? TData[keyof TData] : never;
/** The variables an operation takes. */
export type OperationVariables<O> = O extends SavedOperation<unknown, infer TVariables> ? TVariables : never;

function op<TData, TVariables>(
  document: TypedDocumentString<TData, TVariables>,
  field: keyof TData & string,
  description: string,
  variables: TVariables,
): SavedOperation<TData, TVariables> {
  const query = document.toString().trim();
  const name = /^query (\w+)/.exec(query)?.[1];
  if (!name) throw new Error(`saved operation for ${field} has no query name`);
  return { name, field, description, query, variables };
}

export const OPERATIONS = {
  regions: op(
    RegionsDocument,
    'regions',
    'The 21 regions (län) with their municipalities and kommungrupp: the dashboard builds its scope list from this.',
    {},
  ),
  municipalities: op(
    MunicipalitiesDocument,
    'municipalities',
    'Municipalities of one region (or kommungrupp), in Swedish order, one page.',
    { regionCode: '04' },
  ),
  districts: op(
    DistrictsDocument,
    'districts',
    'Districts (stadsdelsområden), e.g. Stockholm’s 14: the dashboard lists them beside the map (they have no boundaries there).',
    { municipalityCode: '0180' },
  ),
  serviceAreas: op(
    ServiceAreasDocument,
    'serviceAreas',
    'The nine ÖJ service areas (verksamhetsområden) and their questions: the dashboard’s area and question lists.',
    {},
  ),
  routineTrend: op(
    RoutineTrendDocument,
    'routineTrend',
    'One unit’s answers year by year beside its region, kommungrupp and riket; for riket ("00") the share series (the dashboard finds the survey years this way).',
    { question: 'SIP_INFO.HEMLOSHET', unit: '0488', fromYear: 2016, toYear: 2019, denominator: 'APPLICABLE' },
  ),
  routineComparison: op(
    RoutineComparisonDocument,
    'routineComparison',
    'Every municipality of a scope for one question and year: answer, change since the previous survey, the scope share and reference shares. One page holds riket (304 rows); page on with `after`.',
    {
      question: 'SIP_INFO.HEMLOSHET',
      year: 2018,
      scope: { kind: 'REGION', code: '04' },
      denominator: 'APPLICABLE',
      orderBy: 'NAME',
    },
  ),
  regionComparison: op(
    RegionComparisonDocument,
    'regionComparison',
    'The cross-county view: the 21 regions’ shares ranked, riket, median and interquartile range.',
    { question: 'SIP_INFO.HEMLOSHET', year: 2018, denominator: 'APPLICABLE' },
  ),
  routineProfile: op(
    RoutineProfileDocument,
    'routineProfile',
    'One unit across every service area and question in one year: a municipality beside its region, kommungrupp and riket; a region or riket with its municipalities’ shares (its own answer NOT_ASKED).',
    { unit: '0488', year: 2018, denominator: 'APPLICABLE' },
  ),
  routineChanges: op(
    RoutineChangesDocument,
    'routineChanges',
    'Units of a scope whose answer moved between two survey years, grouped by transition (e.g. NEJ → JA); municipalities counted, districts listed beside.',
    { question: 'SIP_INFO.HEMLOSHET', fromYear: 2017, toYear: 2018, scope: { kind: 'REGION', code: '04' } },
  ),
  agreementCoverage: op(
    AgreementCoverageDocument,
    'agreementCoverage',
    'Agreement (överenskommelse) coverage by status at county or local level: computed from unit rows (COMPUTED) beside the published figures (PUBLISHED).',
    { level: 'COUNTY', topic: 'MISSBRUK', year: 2016, groupBy: 'NATION', denominator: 'RESPONDENTS' },
  ),
  planCountSeries: op(
    PlanCountSeriesDocument,
    'planCountSeries',
    'The plan-count series held (SIP and individual plans), with the scope key to pass to planCounts.',
    {},
  ),
  planCounts: op(
    PlanCountsDocument,
    'planCounts',
    'One scope’s plan-count series, dense over the years, with principal, source system and counting note.',
    { scope: '10 beroendemottagningar in Stockholms län' },
  ),
  publishedFigures: op(
    PublishedFiguresDocument,
    'publishedFigures',
    'Published aggregates exactly as printed (origin PUBLISHED), filtered by subject and year.',
    { subject: 'AGREEMENT_COVERAGE', year: 2016 },
  ),
  studies: op(
    StudiesDocument,
    'studies',
    'Studies typed in from the source reports (surveys, follow-ups, registers, estimates, plans) with their figures as printed; here those of SIP i Sörmland (001) that report a response rate.',
    { document: '001_b1a2ed5b495d977e.txt', item: 'response_rate' },
  ),
  study: op(
    StudyDocument,
    'study',
    'One study: its reach (population, sent, bounced, reached, responses, response rate), every figure with its citation, and the discrepancies the source contains.',
    { key: 'sormland-sip-course-followup-2018', item: 'response_rate' },
  ),
  dataset: op(
    DatasetDocument,
    'dataset',
    'What is loaded: the dataset version and, per source, the last successful ingest run.',
    {},
  ),
};

export type OperationKey = keyof typeof OPERATIONS;
