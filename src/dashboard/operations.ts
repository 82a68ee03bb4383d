/**
 * The GraphQL operations the dashboard sends, written once: the page imports them, the CSV
 * export executes them, the explorer lists them and scripts/write-query-docs.ts runs them to
 * write docs/queries.md. A dashboard author can copy any of them from the docs and get the
 * same numbers the page shows.
 *
 * No DOM and no Node here: this module is bundled into the page and imported by the server.
 */

/** A share with everything needed to read it: counts, numerator, denominator, policy, reason. */
const SHARE_FIELDS = `fragment ShareFields on Share {
  scope { kind code name }
  year
  policy
  numerator
  denominator
  share
  missingReason
  counts { ja nej ejAktuellt noResponse notAsked units }
  published { percent numerator denominator publication }
  agreesWithComputed
}`;

/** A reference share: enough to draw a line or print "3 of 6". */
const SHARE_BRIEF = `fragment ShareBrief on Share {
  scope { kind code name }
  year
  numerator
  denominator
  share
  missingReason
}`;

export interface SavedOperation {
  /** The operation name, also the key in OPERATIONS. */
  name: string;
  /** The root field it queries. */
  field: string;
  /** One line for the explorer and the docs. */
  description: string;
  query: string;
  /** Example variables on the bundled data (Södermanlands län, Hemlöshet, 2018 …). */
  variables: Record<string, unknown>;
}

function op(
  name: string,
  field: string,
  description: string,
  query: string,
  variables: Record<string, unknown> = {},
): SavedOperation {
  return { name, field, description, query: query.trim(), variables };
}

export const OPERATIONS = {
  regions: op(
    'Regions',
    'regions',
    'The 21 regions (län) with their municipalities and kommungrupp: the dashboard builds its scope list from this.',
    `query Regions {
  regions {
    code
    name
    municipalities { code name kommungrupp { code name } }
  }
}`,
  ),
  municipalities: op(
    'Municipalities',
    'municipalities',
    'Municipalities of one region (or kommungrupp), in Swedish order, one page.',
    `query Municipalities($first: Int! = 100, $after: String, $regionCode: String, $kommungrupp: String) {
  municipalities(first: $first, after: $after, regionCode: $regionCode, kommungrupp: $kommungrupp) {
    totalCount
    pageInfo { endCursor hasNextPage }
    nodes { code name region { code name } kommungrupp { code name } }
  }
}`,
    { regionCode: '04' },
  ),
  serviceAreas: op(
    'ServiceAreas',
    'serviceAreas',
    'The nine ÖJ service areas (verksamhetsområden) and their questions: the dashboard’s area and question lists.',
    `query ServiceAreas {
  serviceAreas { code name questions { code text } }
}`,
  ),
  routineTrend: op(
    'RoutineTrend',
    'routineTrend',
    'One unit’s answers year by year beside its region, kommungrupp and riket; for riket ("00") the share series (the dashboard finds the survey years this way).',
    `query RoutineTrend($question: String!, $unit: String!, $fromYear: Int!, $toYear: Int!, $denominator: DenominatorPolicy = APPLICABLE) {
  routineTrend(question: $question, unit: $unit, fromYear: $fromYear, toYear: $toYear, denominator: $denominator) {
    question { code text }
    unit { code name kind region { code name } kommungrupp { code name } }
    policy
    points {
      year
      answer
      rawValue
      missingReason
      share { ...ShareBrief }
      region { ...ShareBrief }
      kommungrupp { ...ShareBrief }
      nation { ...ShareBrief }
    }
  }
}
${SHARE_BRIEF}`,
    { question: 'SIP_INFO.HEMLOSHET', unit: '0488', fromYear: 2016, toYear: 2019, denominator: 'APPLICABLE' },
  ),
  routineComparison: op(
    'RoutineComparison',
    'routineComparison',
    'Every municipality of a scope for one question and year: answer, change since the previous survey, the scope share and reference shares. One page holds riket (304 rows); page on with `after`.',
    `query RoutineComparison($question: String!, $year: Int!, $scope: RoutineScopeInput!, $denominator: DenominatorPolicy = APPLICABLE, $orderBy: ComparisonOrder = NAME, $first: Int! = 500, $after: String) {
  routineComparison(question: $question, year: $year, scope: $scope, denominator: $denominator, orderBy: $orderBy) {
    question { code text }
    year
    scope { kind code name }
    summary { ...ShareFields }
    references { ...ShareBrief }
    rows(first: $first, after: $after) {
      totalCount
      pageInfo { endCursor hasNextPage }
      nodes {
        unit { code name kind region { code name } }
        answer
        rawValue
        missingReason
        previousYear
        previousAnswer
        changed
      }
    }
  }
}
${SHARE_FIELDS}
${SHARE_BRIEF}`,
    {
      question: 'SIP_INFO.HEMLOSHET',
      year: 2018,
      scope: { kind: 'REGION', code: '04' },
      denominator: 'APPLICABLE',
      orderBy: 'NAME',
    },
  ),
  regionComparison: op(
    'RegionComparison',
    'regionComparison',
    'The cross-county view: the 21 regions’ shares ranked, riket, median and interquartile range.',
    `query RegionComparison($question: String!, $year: Int!, $denominator: DenominatorPolicy = APPLICABLE) {
  regionComparison(question: $question, year: $year, denominator: $denominator) {
    question { code text }
    year
    policy
    rankedRegions
    median
    lowerQuartile
    upperQuartile
    interquartileRange
    nation { ...ShareFields }
    regions {
      rank
      quartileBand
      share { ...ShareFields }
    }
  }
}
${SHARE_FIELDS}`,
    { question: 'SIP_INFO.HEMLOSHET', year: 2018, denominator: 'APPLICABLE' },
  ),
  routineProfile: op(
    'RoutineProfile',
    'routineProfile',
    'One municipality across every service area and question in one year, each beside its region, kommungrupp and riket.',
    `query RoutineProfile($unit: String!, $year: Int!, $denominator: DenominatorPolicy = APPLICABLE) {
  routineProfile(unit: $unit, year: $year, denominator: $denominator) {
    unit { code name kind }
    year
    policy
    areas {
      area { code name }
      items {
        question { code }
        answer
        missingReason
        region { ...ShareBrief }
        kommungrupp { ...ShareBrief }
        nation { ...ShareBrief }
      }
    }
  }
}
${SHARE_BRIEF}`,
    { unit: '0488', year: 2018, denominator: 'APPLICABLE' },
  ),
  routineChanges: op(
    'RoutineChanges',
    'routineChanges',
    'Units of a scope whose answer moved between two survey years, grouped by transition (e.g. NEJ → JA).',
    `query RoutineChanges($question: String!, $fromYear: Int!, $toYear: Int!, $scope: RoutineScopeInput!) {
  routineChanges(question: $question, fromYear: $fromYear, toYear: $toYear, scope: $scope) {
    question { code }
    fromYear
    toYear
    scope { kind code name }
    missingReason
    unitsCompared
    unchanged
    transitions { from to count units { code name } }
  }
}`,
    { question: 'SIP_INFO.HEMLOSHET', fromYear: 2017, toYear: 2018, scope: { kind: 'REGION', code: '04' } },
  ),
  agreementCoverage: op(
    'AgreementCoverage',
    'agreementCoverage',
    'Agreement (överenskommelse) coverage by status at county or local level: computed from unit rows (COMPUTED) beside the published figures (PUBLISHED).',
    `query AgreementCoverage($level: AgreementLevel!, $topic: String!, $year: Int!, $groupBy: AgreementGrouping = NATION, $denominator: DenominatorPolicy = RESPONDENTS) {
  agreementCoverage(level: $level, topic: $topic, year: $year, groupBy: $groupBy, denominator: $denominator) {
    level
    topic
    topicName
    year
    policy
    frame
    missingReason
    groups {
      scope { kind code name }
      origin
      counts { exists inProgress none noResponse units }
      share { measure policy numerator denominator share missingReason }
    }
    published {
      published { origin measure scopeLabel numerator denominator denominatorKind percent qualifier publication }
      comparedPolicy
      computedNumerator
      computedDenominator
      computedShare
      computedMissingReason
      agreesWithComputed
    }
  }
}`,
    { level: 'COUNTY', topic: 'MISSBRUK', year: 2016, groupBy: 'NATION', denominator: 'RESPONDENTS' },
  ),
  planCountSeries: op(
    'PlanCountSeries',
    'planCountSeries',
    'The plan-count series held (SIP and individual plans), with the scope key to pass to planCounts.',
    `query PlanCountSeries {
  planCountSeries(first: 100) {
    totalCount
    nodes { scope { key label } planType measure principal sourceSystem valueKind firstYear lastYear }
  }
}`,
  ),
  planCounts: op(
    'PlanCounts',
    'planCounts',
    'One scope’s plan-count series, dense over the years, with principal, source system and counting note.',
    `query PlanCounts($scope: String!, $planType: PlanType, $measure: String, $fromYear: Int, $toYear: Int) {
  planCounts(scope: $scope, planType: $planType, measure: $measure, fromYear: $fromYear, toYear: $toYear) {
    scope { key label }
    fromYear
    toYear
    note
    missingReason
    series {
      scopeKey
      scopeLabel
      coversWholeScope
      coverage { sampleUnits frameUnits note }
      studyKey
      planType
      measure
      principal
      sourceSystem
      valueKind
      points { year value missingReason n countingNote citation { document section page } }
    }
    discrepancies { item printedValue computedValue rule explanation citation { document section page } }
  }
}`,
    { scope: '10 beroendemottagningar in Stockholms län' },
  ),
  publishedFigures: op(
    'PublishedFigures',
    'publishedFigures',
    'Published aggregates exactly as printed (origin PUBLISHED), filtered by subject and year.',
    `query PublishedFigures($subject: FigureSubject, $year: Int, $first: Int! = 100) {
  publishedFigures(subject: $subject, year: $year, first: $first) {
    totalCount
    nodes { origin subject measure scope { code name } scopeLabel year numerator denominator denominatorKind percent qualifier publication }
  }
}`,
    { subject: 'AGREEMENT_COVERAGE', year: 2016 },
  ),
  dataset: op(
    'Dataset',
    'dataset',
    'What is loaded: the dataset version and, per source, the last successful ingest run.',
    `query Dataset {
  dataset {
    version
    changedAt
    sources { source lastSuccess { releaseKey finishedAt counts { read inserted updated } } }
  }
}`,
  ),
} satisfies Record<string, SavedOperation>;

export type OperationKey = keyof typeof OPERATIONS;
