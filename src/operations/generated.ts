/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** How computed agreement coverage is grouped. */
export type AgreementGrouping =
  /** One group: riket, every unit of the level. */
  | 'NATION'
  /** One group per region (län), in Swedish order of name. */
  | 'REGION';

/** The level an agreement (överenskommelse) between municipalities and the region is made at. */
export type AgreementLevel =
  /** Länsöverenskommelse: one county-wide agreement between the region and the municipalities of the län. The units are the 21 regions. */
  | 'COUNTY'
  /** Lokal överenskommelse: one municipality with the region. The units are the municipalities and the districts (stadsdelsområden) that sign their own; a municipality with districts counts through them (see AgreementCoverage.frame). */
  | 'LOCAL';

/** A unit's answer to an ÖJ (Öppna jämförelser) routine question in one survey year. */
export type Answer =
  /** Ej aktuellt: the routine does not apply to the unit (e.g. no such activity). Not the same as Nej. */
  | 'EJ_AKTUELLT'
  /** Ja: the unit has the routine. */
  | 'JA'
  /** Nej: the unit does not have the routine. */
  | 'NEJ'
  /** The question was not put to this unit in this year. */
  | 'NOT_ASKED'
  /** The unit did not answer (a blank or "-" in the file, or no row at all in a year the question was collected). */
  | 'NO_RESPONSE';

/** Row order of a routine comparison; ties are always broken by unit name in Swedish order (… Z, Å, Ä, Ö). */
export type ComparisonOrder =
  /** Ja, Nej, Ej aktuellt, no response, not asked, not collected; then by name. */
  | 'ANSWER'
  /** By unit name, Swedish order. */
  | 'NAME'
  /** By region name, then unit name. */
  | 'REGION';

/** Which units a share is divided by. The numerator is always the number of units answering Ja. */
export type DenominatorPolicy =
  /** Every municipality in the scope, non-respondents and units not asked included. */
  | 'ALL_UNITS'
  /** Respondents the routine applies to: Ja + Nej (Ej aktuellt left out). The default for routine questions. */
  | 'APPLICABLE'
  /** Units that answered: Ja + Nej + Ej aktuellt. */
  | 'RESPONDENTS';

/** Whether a figure was computed by Jämför from unit rows or is printed by a publisher. */
export type FigureOrigin =
  /** Computed by Jämför from the stored unit answers. */
  | 'COMPUTED'
  /** As printed by the publisher (e.g. Socialstyrelsen); never recomputed. */
  | 'PUBLISHED';

/** What a published aggregate is about. */
export type FigureSubject =
  /** The share of coded agreements holding one content flag; measure = flag, e.g. "partner_polisen". */
  | 'AGREEMENT_CONTENT'
  /** How many units have an agreement (överenskommelse) in each status; measure = status, e.g. "exists", "exists_or_in_progress". */
  | 'AGREEMENT_COVERAGE'
  /** A Kolada key figure (nyckeltal) value as published. */
  | 'KPI_VALUE'
  /** A published count of SIPs (samordnad individuell plan) or individual plans. */
  | 'PLAN_COUNT'
  /** A share of units with an ÖJ routine (rutin), e.g. a county or riket row of an ÖJ table. */
  | 'ROUTINE';

/** Why a value is absent. Jämför never turns a missing value into 0 and never drops it from a series. */
export type MissingReason =
  /** The publication printed the value, but it is lost in the copy of the document the warehouse holds (e.g. a table that did not survive text extraction). */
  | 'LOST_IN_SOURCE'
  /** Every respondent answered Ej aktuellt, so the APPLICABLE denominator is empty (0 units): the share is undefined, not 0. */
  | 'NOT_APPLICABLE'
  /** The question was not put to the unit (or to any unit of the scope) that year. */
  | 'NOT_ASKED'
  /** No survey that year: no unit has any row for the question in that year. */
  | 'NOT_COLLECTED'
  /** The publication does not print this value (e.g. a follow-up that gives only its highest size class); it exists in the source only as a gap. */
  | 'NOT_PUBLISHED'
  /** The year is after the latest survey year loaded for the question's service area (verksamhetsområde): results may still come. */
  | 'NOT_YET_PUBLISHED'
  /** The unit (or every unit of the scope) did not answer. */
  | 'NO_RESPONSE'
  /** The publisher withheld the value (e.g. too few units). Reserved for published figures. */
  | 'SUPPRESSED';

/** Where a plan count comes from. */
export type PlanSourceSystem =
  /** A local follow-up counting on a reference day, e.g. Stockholms län 2011. */
  | 'LOCAL_FOLLOW_UP'
  /** Öppna jämförelser (Socialstyrelsen). */
  | 'OJ'
  /** Prator, a regional IT tool where SIPs are registered (e.g. in Sörmland). */
  | 'PRATOR'
  /** SIPkollen, the national user survey on SIPs (answers and mean scores on 1–5 scales). */
  | 'SIPKOLLEN';

/** Which kind of plan is counted. */
export type PlanType =
  /** Individuell plan: a plan for one person's care and support, e.g. in missbruks- och beroendevården. */
  | 'INDIVIDUAL_PLAN'
  /** Samordnad individuell plan: a plan made jointly by the municipality and the region for one person. */
  | 'SIP';

/** What a plan-count value is, read from its measure name. */
export type PlanValueKind =
  /** A count (non-negative integer): plans, clients, units, answers. */
  | 'COUNT'
  /** A mean score on a 1–5 scale (measure starting with "survey_mean"). */
  | 'MEAN_SCORE'
  /** A share 0…100 as published (measure ending in "_percent"). */
  | 'PERCENT';

/** The principal (huvudman) that reported a count. Counts are per reporting organisation: the same person may be counted by both. */
export type Principal =
  /** Reported jointly, or a figure across both principals. */
  | 'BOTH'
  /** The municipality (kommun) reported it. */
  | 'MUNICIPALITY'
  /** The region (formerly landsting) reported it. */
  | 'REGION';

/** Whether a value was read in its source, inferred from it, derived by a rule, or printed by a publisher. */
export type ProvenanceKind =
  /** Follows from a rule of the warehouse, not from a cell (e.g. NOT_ASKED for a region on a municipal question). */
  | 'DERIVED'
  /** Not printed by the source, inferred from what it prints by the stated rule (e.g. a Nej for a municipality missing from a published Ja list). Never to be read as observed. */
  | 'INFERRED'
  /** Read in the source as it stands (a cell, a Kolada value). */
  | 'OBSERVED'
  /** An aggregate as a publisher printed it. */
  | 'PUBLISHED';

/** A group of municipalities: riket, a region (län) or a kommungrupp. */
export type RoutineScopeInput = {
  /** Länskod ("04") for REGION, A1…C9 for KOMMUNGRUPP; omit (or "00") for NATION. */
  code?: string | null | undefined;
  /** NATION, REGION or KOMMUNGRUPP. */
  kind: ScopeKind;
};

/** What a routine row or series is about. */
export type RoutineUnitKind =
  /** A district (stadsdelsområde) answering on its own, e.g. "0180-01" Rinkeby-Kista. */
  | 'DISTRICT'
  /** An SKR kommungrupp (A1…C9). */
  | 'KOMMUNGRUPP'
  /** A municipality (kommun), 4-digit kommunkod. */
  | 'MUNICIPALITY'
  /** Riket, the whole country ("00"). */
  | 'NATION'
  /** A region (län), 2-digit länskod. */
  | 'REGION';

/** A group of municipalities a share is computed over. */
export type ScopeKind =
  /** An SKR kommungrupp (peer group of similar municipalities), A1…C9. */
  | 'KOMMUNGRUPP'
  /** Riket: all 290 municipalities (code "00"). */
  | 'NATION'
  /** A region (län) by its 2-digit länskod, e.g. "04" Södermanlands län. */
  | 'REGION';

/** What kind of study a publication reports on. */
export type StudyKind =
  /** An audit (revision) with its questions and audited bodies. */
  | 'AUDIT'
  /** A publisher's estimate (e.g. a municipality's memo, national prevalence). */
  | 'ESTIMATE'
  /** A follow-up (uppföljning) counting or mapping units, often a sample. */
  | 'FOLLOW_UP'
  /** An action plan (handlingsplan) with its scope, period and goals. */
  | 'PLAN'
  /** Activities such as courses or information meetings, with their participants. */
  | 'PROGRAMME'
  /** Counts from a register or IT tool, e.g. SIPs created in Prator. */
  | 'REGISTER'
  /** Another report cited by a publication. */
  | 'REPORT'
  /** A questionnaire or interviews (enkät, intervjuer), with reach and responses. */
  | 'SURVEY';

/** What a study figure is. */
export type StudyValueKind =
  /** An amount in kronor. */
  | 'AMOUNT_SEK'
  /** A count: persons, units, answers, courses. */
  | 'COUNT'
  /** A mean score on a 1–5 scale. */
  | 'MEAN_SCORE'
  /** A percent 0…100 as printed (not a fraction). */
  | 'PERCENT'
  /** A calendar year (e.g. the first year of a plan). */
  | 'YEAR';

export type AgreementCoverageQueryVariables = Exact<{
  level: AgreementLevel;
  topic: string;
  year: number;
  groupBy?: AgreementGrouping | null | undefined;
  denominator?: DenominatorPolicy | null | undefined;
}>;

export type AgreementCoverageQuery = {
  agreementCoverage: {
    level: AgreementLevel;
    topic: string;
    topicName: string;
    year: number;
    policy: DenominatorPolicy;
    frame: string;
    missingReason: MissingReason | null;
    groups: Array<{
      origin: FigureOrigin;
      scope: { kind: AgreementGrouping; code: string; name: string };
      counts: { exists: number; inProgress: number; none: number; noResponse: number; units: number };
      share: {
        measure: string;
        policy: DenominatorPolicy;
        numerator: number;
        denominator: number;
        share: number | null;
        missingReason: MissingReason | null;
      };
    }> | null;
    published: Array<{
      comparedPolicy: DenominatorPolicy | null;
      computedNumerator: number | null;
      computedDenominator: number | null;
      computedShare: number | null;
      computedMissingReason: MissingReason | null;
      agreesWithComputed: boolean | null;
      published: {
        origin: FigureOrigin;
        measure: string;
        scopeLabel: string | null;
        numerator: number | null;
        denominator: number | null;
        denominatorKind: string | null;
        percent: number | null;
        qualifier: string | null;
        publication: string;
      };
    }>;
  };
};

export type DatasetQueryVariables = Exact<{ [key: string]: never }>;

export type DatasetQuery = {
  dataset: {
    version: string;
    changedAt: string;
    sources: Array<{
      source: string;
      lastSuccess: {
        releaseKey: string;
        finishedAt: string | null;
        counts: { read: number; inserted: number; updated: number };
      } | null;
    }>;
  };
};

export type DistrictsQueryVariables = Exact<{
  municipalityCode?: string | null | undefined;
}>;

export type DistrictsQuery = { districts: Array<{ code: string; name: string }> };

export type ShareFieldsFragment = {
  year: number;
  policy: DenominatorPolicy;
  numerator: number | null;
  denominator: number | null;
  share: number | null;
  missingReason: MissingReason | null;
  agreesWithComputed: boolean | null;
  includesInferred: boolean;
  scope: { kind: ScopeKind; code: string; name: string };
  counts: {
    ja: number;
    nej: number;
    ejAktuellt: number;
    noResponse: number;
    notAsked: number;
    notCollected: number;
    inferred: number;
    units: number;
  } | null;
  published: {
    percent: number | null;
    numerator: number | null;
    denominator: number | null;
    publication: string;
  } | null;
  coverage: { unitsInFrame: number; unitsInScope: number; partial: boolean; label: string; labelSv: string };
  population: {
    numerator: number;
    denominator: number;
    share: number | null;
    populationYear: number;
    approximate: boolean;
    roundedTo: number;
  } | null;
};

export type ShareBriefFragment = {
  year: number;
  numerator: number | null;
  denominator: number | null;
  share: number | null;
  missingReason: MissingReason | null;
  includesInferred: boolean;
  scope: { kind: ScopeKind; code: string; name: string };
  coverage: { partial: boolean; label: string };
};

export type AnswerProvenanceFragment = {
  kind: ProvenanceKind;
  rule: string | null;
  publication: string | null;
  file: string | null;
  sheet: string | null;
  row: number | null;
  column: string | null;
  ingestRunId: string | null;
};

export type MunicipalitiesQueryVariables = Exact<{
  first?: number;
  after?: string | null | undefined;
  regionCode?: string | null | undefined;
  kommungrupp?: string | null | undefined;
}>;

export type MunicipalitiesQuery = {
  municipalities: {
    totalCount: number;
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
    nodes: Array<{
      code: string;
      name: string;
      region: { code: string; name: string };
      kommungrupp: { code: string; name: string };
    }>;
  };
};

export type PlanCountSeriesQueryVariables = Exact<{ [key: string]: never }>;

export type PlanCountSeriesQuery = {
  planCountSeries: {
    totalCount: number;
    nodes: Array<{
      planType: PlanType;
      measure: string;
      principal: Principal;
      sourceSystem: PlanSourceSystem;
      valueKind: PlanValueKind;
      firstYear: number;
      lastYear: number;
      scope: { key: string; label: string };
    }>;
  };
};

export type PlanCountsQueryVariables = Exact<{
  scope: string;
  planType?: PlanType | null | undefined;
  measure?: string | null | undefined;
  fromYear?: number | null | undefined;
  toYear?: number | null | undefined;
}>;

export type PlanCountsQuery = {
  planCounts: {
    fromYear: number | null;
    toYear: number | null;
    note: string;
    missingReason: MissingReason | null;
    scope: { key: string; label: string };
    series: Array<{
      scopeKey: string;
      scopeLabel: string;
      coversWholeScope: boolean;
      studyKey: string | null;
      planType: PlanType;
      measure: string;
      principal: Principal;
      sourceSystem: PlanSourceSystem;
      valueKind: PlanValueKind;
      coverage: { sampleUnits: number | null; frameUnits: number | null; note: string | null } | null;
      points: Array<{
        year: number;
        value: number | null;
        missingReason: MissingReason | null;
        n: number | null;
        countingNote: string | null;
        citation: { document: string; section: string | null; page: string | null } | null;
      }>;
    }>;
    discrepancies: Array<{
      item: string;
      printedValue: number;
      computedValue: number;
      rule: string;
      explanation: string;
      citation: { document: string; section: string | null; page: string | null };
    }>;
  };
};

export type PublishedFiguresQueryVariables = Exact<{
  subject?: FigureSubject | null | undefined;
  year?: number | null | undefined;
  first?: number;
}>;

export type PublishedFiguresQuery = {
  publishedFigures: {
    totalCount: number;
    nodes: Array<{
      origin: FigureOrigin;
      subject: FigureSubject;
      measure: string;
      scopeLabel: string | null;
      year: number;
      numerator: number | null;
      denominator: number | null;
      denominatorKind: string | null;
      percent: number | null;
      qualifier: string | null;
      publication: string;
      scope: { code: string; name: string };
    }>;
  };
};

export type RegionComparisonQueryVariables = Exact<{
  question: string;
  year: number;
  denominator?: DenominatorPolicy | null | undefined;
}>;

export type RegionComparisonQuery = {
  regionComparison: {
    year: number;
    policy: DenominatorPolicy;
    rankedRegions: number;
    median: number | null;
    lowerQuartile: number | null;
    upperQuartile: number | null;
    interquartileRange: number | null;
    question: { code: string; text: string };
    nation: {
      year: number;
      policy: DenominatorPolicy;
      numerator: number | null;
      denominator: number | null;
      share: number | null;
      missingReason: MissingReason | null;
      agreesWithComputed: boolean | null;
      includesInferred: boolean;
      scope: { kind: ScopeKind; code: string; name: string };
      counts: {
        ja: number;
        nej: number;
        ejAktuellt: number;
        noResponse: number;
        notAsked: number;
        notCollected: number;
        inferred: number;
        units: number;
      } | null;
      published: {
        percent: number | null;
        numerator: number | null;
        denominator: number | null;
        publication: string;
      } | null;
      coverage: { unitsInFrame: number; unitsInScope: number; partial: boolean; label: string; labelSv: string };
      population: {
        numerator: number;
        denominator: number;
        share: number | null;
        populationYear: number;
        approximate: boolean;
        roundedTo: number;
      } | null;
    };
    regions: Array<{
      rank: number | null;
      quartileBand: number | null;
      share: {
        year: number;
        policy: DenominatorPolicy;
        numerator: number | null;
        denominator: number | null;
        share: number | null;
        missingReason: MissingReason | null;
        agreesWithComputed: boolean | null;
        includesInferred: boolean;
        scope: { kind: ScopeKind; code: string; name: string };
        counts: {
          ja: number;
          nej: number;
          ejAktuellt: number;
          noResponse: number;
          notAsked: number;
          notCollected: number;
          inferred: number;
          units: number;
        } | null;
        published: {
          percent: number | null;
          numerator: number | null;
          denominator: number | null;
          publication: string;
        } | null;
        coverage: { unitsInFrame: number; unitsInScope: number; partial: boolean; label: string; labelSv: string };
        population: {
          numerator: number;
          denominator: number;
          share: number | null;
          populationYear: number;
          approximate: boolean;
          roundedTo: number;
        } | null;
      };
    }>;
  };
};

export type RegionsQueryVariables = Exact<{ [key: string]: never }>;

export type RegionsQuery = {
  regions: Array<{
    code: string;
    name: string;
    municipalities: Array<{ code: string; name: string; kommungrupp: { code: string; name: string } }>;
  }>;
};

export type RoutineChangesQueryVariables = Exact<{
  question: string;
  fromYear: number;
  toYear: number;
  scope: RoutineScopeInput;
}>;

export type RoutineChangesQuery = {
  routineChanges: {
    fromYear: number;
    toYear: number;
    missingReason: MissingReason | null;
    unitsCompared: number | null;
    unchanged: number | null;
    notCollected: number | null;
    question: { code: string };
    scope: { kind: ScopeKind; code: string; name: string };
    transitions: Array<{
      from: Answer;
      to: Answer;
      count: number;
      units: Array<{ code: string; name: string }>;
      districts: Array<{ code: string; name: string }>;
    }>;
  };
};

export type RoutineComparisonQueryVariables = Exact<{
  question: string;
  year: number;
  scope: RoutineScopeInput;
  denominator?: DenominatorPolicy | null | undefined;
  orderBy?: ComparisonOrder | null | undefined;
  first?: number;
  after?: string | null | undefined;
}>;

export type RoutineComparisonQuery = {
  routineComparison: {
    year: number;
    question: { code: string; text: string };
    scope: { kind: ScopeKind; code: string; name: string };
    summary: {
      year: number;
      policy: DenominatorPolicy;
      numerator: number | null;
      denominator: number | null;
      share: number | null;
      missingReason: MissingReason | null;
      agreesWithComputed: boolean | null;
      includesInferred: boolean;
      scope: { kind: ScopeKind; code: string; name: string };
      counts: {
        ja: number;
        nej: number;
        ejAktuellt: number;
        noResponse: number;
        notAsked: number;
        notCollected: number;
        inferred: number;
        units: number;
      } | null;
      published: {
        percent: number | null;
        numerator: number | null;
        denominator: number | null;
        publication: string;
      } | null;
      coverage: { unitsInFrame: number; unitsInScope: number; partial: boolean; label: string; labelSv: string };
      population: {
        numerator: number;
        denominator: number;
        share: number | null;
        populationYear: number;
        approximate: boolean;
        roundedTo: number;
      } | null;
    };
    references: Array<{
      year: number;
      numerator: number | null;
      denominator: number | null;
      share: number | null;
      missingReason: MissingReason | null;
      includesInferred: boolean;
      scope: { kind: ScopeKind; code: string; name: string };
      coverage: { partial: boolean; label: string };
    }>;
    rows: {
      totalCount: number;
      pageInfo: { endCursor: string | null; hasNextPage: boolean };
      nodes: Array<{
        answer: Answer | null;
        rawValue: string | null;
        missingReason: MissingReason | null;
        previousYear: number | null;
        previousAnswer: Answer | null;
        changed: boolean | null;
        unit: { code: string; name: string; kind: RoutineUnitKind; region: { code: string; name: string } | null };
        provenance: {
          kind: ProvenanceKind;
          rule: string | null;
          publication: string | null;
          file: string | null;
          sheet: string | null;
          row: number | null;
          column: string | null;
          ingestRunId: string | null;
        } | null;
      }>;
    };
  };
};

export type RoutineProfileQueryVariables = Exact<{
  unit: string;
  year: number;
  denominator?: DenominatorPolicy | null | undefined;
}>;

export type RoutineProfileQuery = {
  routineProfile: {
    year: number;
    policy: DenominatorPolicy;
    unit: { code: string; name: string; kind: RoutineUnitKind };
    areas: Array<{
      area: { code: string; name: string } | null;
      items: Array<{
        answer: Answer | null;
        missingReason: MissingReason | null;
        question: { code: string };
        region: {
          year: number;
          numerator: number | null;
          denominator: number | null;
          share: number | null;
          missingReason: MissingReason | null;
          includesInferred: boolean;
          scope: { kind: ScopeKind; code: string; name: string };
          coverage: { partial: boolean; label: string };
        } | null;
        kommungrupp: {
          year: number;
          numerator: number | null;
          denominator: number | null;
          share: number | null;
          missingReason: MissingReason | null;
          includesInferred: boolean;
          scope: { kind: ScopeKind; code: string; name: string };
          coverage: { partial: boolean; label: string };
        } | null;
        nation: {
          year: number;
          numerator: number | null;
          denominator: number | null;
          share: number | null;
          missingReason: MissingReason | null;
          includesInferred: boolean;
          scope: { kind: ScopeKind; code: string; name: string };
          coverage: { partial: boolean; label: string };
        };
      }>;
    }>;
  };
};

export type RoutineTrendQueryVariables = Exact<{
  question: string;
  unit: string;
  fromYear: number;
  toYear: number;
  denominator?: DenominatorPolicy | null | undefined;
}>;

export type RoutineTrendQuery = {
  routineTrend: {
    policy: DenominatorPolicy;
    question: { code: string; text: string };
    unit: {
      code: string;
      name: string;
      kind: RoutineUnitKind;
      region: { code: string; name: string } | null;
      kommungrupp: { code: string; name: string } | null;
    };
    points: Array<{
      year: number;
      answer: Answer | null;
      rawValue: string | null;
      missingReason: MissingReason | null;
      provenance: {
        kind: ProvenanceKind;
        rule: string | null;
        publication: string | null;
        file: string | null;
        sheet: string | null;
        row: number | null;
        column: string | null;
        ingestRunId: string | null;
      } | null;
      share: {
        year: number;
        numerator: number | null;
        denominator: number | null;
        share: number | null;
        missingReason: MissingReason | null;
        includesInferred: boolean;
        scope: { kind: ScopeKind; code: string; name: string };
        coverage: { partial: boolean; label: string };
      } | null;
      region: {
        year: number;
        numerator: number | null;
        denominator: number | null;
        share: number | null;
        missingReason: MissingReason | null;
        includesInferred: boolean;
        scope: { kind: ScopeKind; code: string; name: string };
        coverage: { partial: boolean; label: string };
      } | null;
      kommungrupp: {
        year: number;
        numerator: number | null;
        denominator: number | null;
        share: number | null;
        missingReason: MissingReason | null;
        includesInferred: boolean;
        scope: { kind: ScopeKind; code: string; name: string };
        coverage: { partial: boolean; label: string };
      } | null;
      nation: {
        year: number;
        numerator: number | null;
        denominator: number | null;
        share: number | null;
        missingReason: MissingReason | null;
        includesInferred: boolean;
        scope: { kind: ScopeKind; code: string; name: string };
        coverage: { partial: boolean; label: string };
      };
    }>;
  };
};

export type ServiceAreasQueryVariables = Exact<{ [key: string]: never }>;

export type ServiceAreasQuery = {
  serviceAreas: Array<{ code: string; name: string; questions: Array<{ code: string; text: string }> }>;
};

export type StudiesQueryVariables = Exact<{
  document?: string | null | undefined;
  region?: string | null | undefined;
  kind?: StudyKind | null | undefined;
  item?: string | null | undefined;
}>;

export type StudiesQuery = {
  studies: Array<{
    key: string;
    kind: StudyKind;
    title: string;
    scopeLabel: string;
    period: string | null;
    region: { code: string; name: string } | null;
    unit: { code: string; name: string } | null;
    citation: { document: string; section: string | null; page: string | null };
    figures: Array<{
      item: string;
      group: string | null;
      period: string | null;
      year: number | null;
      value: number | null;
      valueHigh: number | null;
      numerator: number | null;
      denominator: number | null;
      approximation: string | null;
      verbal: string | null;
      verbalShare: number | null;
      origin: FigureOrigin;
      missingReason: MissingReason | null;
    }>;
  }>;
};

export type StudyFigureFieldsFragment = {
  item: string;
  itemText: string;
  group: string | null;
  period: string | null;
  year: number | null;
  yearMissingReason: MissingReason | null;
  valueKind: StudyValueKind;
  value: number | null;
  valueHigh: number | null;
  numerator: number | null;
  denominator: number | null;
  printed: string | null;
  isApproximate: boolean;
  approximation: string | null;
  verbal: string | null;
  verbalShare: number | null;
  origin: FigureOrigin;
  rule: string | null;
  missingReason: MissingReason | null;
  citation: { document: string; section: string | null; page: string | null };
  source: { file: string | null; row: number | null };
};

export type StudyQueryVariables = Exact<{
  key: string;
  item?: string | null | undefined;
}>;

export type StudyQuery = {
  study: {
    key: string;
    kind: StudyKind;
    title: string;
    publication: string;
    scopeLabel: string;
    period: string | null;
    referenceDate: string | null;
    region: { code: string; name: string } | null;
    unit: { code: string; name: string } | null;
    citation: { document: string; section: string | null; page: string | null };
    reach: {
      population: { value: number | null; printed: string | null } | null;
      sent: { value: number | null; origin: FigureOrigin; rule: string | null } | null;
      bounced: { value: number | null; printed: string | null } | null;
      away: { value: number | null; printed: string | null } | null;
      reached: { value: number | null; printed: string | null } | null;
      responses: { value: number | null; numerator: number | null; denominator: number | null } | null;
      responseRate: {
        value: number | null;
        numerator: number | null;
        denominator: number | null;
        printed: string | null;
      } | null;
    };
    figures: Array<{
      item: string;
      itemText: string;
      group: string | null;
      period: string | null;
      year: number | null;
      yearMissingReason: MissingReason | null;
      valueKind: StudyValueKind;
      value: number | null;
      valueHigh: number | null;
      numerator: number | null;
      denominator: number | null;
      printed: string | null;
      isApproximate: boolean;
      approximation: string | null;
      verbal: string | null;
      verbalShare: number | null;
      origin: FigureOrigin;
      rule: string | null;
      missingReason: MissingReason | null;
      citation: { document: string; section: string | null; page: string | null };
      source: { file: string | null; row: number | null };
    }>;
    discrepancies: Array<{
      item: string;
      group: string | null;
      printedValue: number;
      printed: string;
      computedValue: number;
      rule: string;
      explanation: string;
      citation: { document: string; section: string | null; page: string | null };
    }>;
  };
};

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ShareFieldsFragmentDoc = new TypedDocumentString(
  `
    fragment ShareFields on Share {
  scope {
    kind
    code
    name
  }
  year
  policy
  numerator
  denominator
  share
  missingReason
  counts {
    ja
    nej
    ejAktuellt
    noResponse
    notAsked
    notCollected
    inferred
    units
  }
  published {
    percent
    numerator
    denominator
    publication
  }
  agreesWithComputed
  coverage {
    unitsInFrame
    unitsInScope
    partial
    label
    labelSv
  }
  includesInferred
  population {
    numerator
    denominator
    share
    populationYear
    approximate
    roundedTo
  }
}
    `,
  { fragmentName: 'ShareFields' },
) as unknown as TypedDocumentString<ShareFieldsFragment, unknown>;
export const ShareBriefFragmentDoc = new TypedDocumentString(
  `
    fragment ShareBrief on Share {
  scope {
    kind
    code
    name
  }
  year
  numerator
  denominator
  share
  missingReason
  coverage {
    partial
    label
  }
  includesInferred
}
    `,
  { fragmentName: 'ShareBrief' },
) as unknown as TypedDocumentString<ShareBriefFragment, unknown>;
export const AnswerProvenanceFragmentDoc = new TypedDocumentString(
  `
    fragment AnswerProvenance on ValueProvenance {
  kind
  rule
  publication
  file
  sheet
  row
  column
  ingestRunId
}
    `,
  { fragmentName: 'AnswerProvenance' },
) as unknown as TypedDocumentString<AnswerProvenanceFragment, unknown>;
export const StudyFigureFieldsFragmentDoc = new TypedDocumentString(
  `
    fragment StudyFigureFields on StudyFigure {
  item
  itemText
  group
  period
  year
  yearMissingReason
  valueKind
  value
  valueHigh
  numerator
  denominator
  printed
  isApproximate
  approximation
  verbal
  verbalShare
  origin
  rule
  missingReason
  citation {
    document
    section
    page
  }
  source {
    file
    row
  }
}
    `,
  { fragmentName: 'StudyFigureFields' },
) as unknown as TypedDocumentString<StudyFigureFieldsFragment, unknown>;
export const AgreementCoverageDocument = new TypedDocumentString(`
    query AgreementCoverage($level: AgreementLevel!, $topic: String!, $year: Int!, $groupBy: AgreementGrouping = NATION, $denominator: DenominatorPolicy = RESPONDENTS) {
  agreementCoverage(
    level: $level
    topic: $topic
    year: $year
    groupBy: $groupBy
    denominator: $denominator
  ) {
    level
    topic
    topicName
    year
    policy
    frame
    missingReason
    groups {
      scope {
        kind
        code
        name
      }
      origin
      counts {
        exists
        inProgress
        none
        noResponse
        units
      }
      share {
        measure
        policy
        numerator
        denominator
        share
        missingReason
      }
    }
    published {
      published {
        origin
        measure
        scopeLabel
        numerator
        denominator
        denominatorKind
        percent
        qualifier
        publication
      }
      comparedPolicy
      computedNumerator
      computedDenominator
      computedShare
      computedMissingReason
      agreesWithComputed
    }
  }
}
    `) as unknown as TypedDocumentString<AgreementCoverageQuery, AgreementCoverageQueryVariables>;
export const DatasetDocument = new TypedDocumentString(`
    query Dataset {
  dataset {
    version
    changedAt
    sources {
      source
      lastSuccess {
        releaseKey
        finishedAt
        counts {
          read
          inserted
          updated
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<DatasetQuery, DatasetQueryVariables>;
export const DistrictsDocument = new TypedDocumentString(`
    query Districts($municipalityCode: String) {
  districts(municipalityCode: $municipalityCode) {
    code
    name
  }
}
    `) as unknown as TypedDocumentString<DistrictsQuery, DistrictsQueryVariables>;
export const MunicipalitiesDocument = new TypedDocumentString(`
    query Municipalities($first: Int! = 100, $after: String, $regionCode: String, $kommungrupp: String) {
  municipalities(
    first: $first
    after: $after
    regionCode: $regionCode
    kommungrupp: $kommungrupp
  ) {
    totalCount
    pageInfo {
      endCursor
      hasNextPage
    }
    nodes {
      code
      name
      region {
        code
        name
      }
      kommungrupp {
        code
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MunicipalitiesQuery, MunicipalitiesQueryVariables>;
export const PlanCountSeriesDocument = new TypedDocumentString(`
    query PlanCountSeries {
  planCountSeries(first: 100) {
    totalCount
    nodes {
      scope {
        key
        label
      }
      planType
      measure
      principal
      sourceSystem
      valueKind
      firstYear
      lastYear
    }
  }
}
    `) as unknown as TypedDocumentString<PlanCountSeriesQuery, PlanCountSeriesQueryVariables>;
export const PlanCountsDocument = new TypedDocumentString(`
    query PlanCounts($scope: String!, $planType: PlanType, $measure: String, $fromYear: Int, $toYear: Int) {
  planCounts(
    scope: $scope
    planType: $planType
    measure: $measure
    fromYear: $fromYear
    toYear: $toYear
  ) {
    scope {
      key
      label
    }
    fromYear
    toYear
    note
    missingReason
    series {
      scopeKey
      scopeLabel
      coversWholeScope
      coverage {
        sampleUnits
        frameUnits
        note
      }
      studyKey
      planType
      measure
      principal
      sourceSystem
      valueKind
      points {
        year
        value
        missingReason
        n
        countingNote
        citation {
          document
          section
          page
        }
      }
    }
    discrepancies {
      item
      printedValue
      computedValue
      rule
      explanation
      citation {
        document
        section
        page
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PlanCountsQuery, PlanCountsQueryVariables>;
export const PublishedFiguresDocument = new TypedDocumentString(`
    query PublishedFigures($subject: FigureSubject, $year: Int, $first: Int! = 100) {
  publishedFigures(subject: $subject, year: $year, first: $first) {
    totalCount
    nodes {
      origin
      subject
      measure
      scope {
        code
        name
      }
      scopeLabel
      year
      numerator
      denominator
      denominatorKind
      percent
      qualifier
      publication
    }
  }
}
    `) as unknown as TypedDocumentString<PublishedFiguresQuery, PublishedFiguresQueryVariables>;
export const RegionComparisonDocument = new TypedDocumentString(`
    query RegionComparison($question: String!, $year: Int!, $denominator: DenominatorPolicy = APPLICABLE) {
  regionComparison(question: $question, year: $year, denominator: $denominator) {
    question {
      code
      text
    }
    year
    policy
    rankedRegions
    median
    lowerQuartile
    upperQuartile
    interquartileRange
    nation {
      ...ShareFields
    }
    regions {
      rank
      quartileBand
      share {
        ...ShareFields
      }
    }
  }
}
    fragment ShareFields on Share {
  scope {
    kind
    code
    name
  }
  year
  policy
  numerator
  denominator
  share
  missingReason
  counts {
    ja
    nej
    ejAktuellt
    noResponse
    notAsked
    notCollected
    inferred
    units
  }
  published {
    percent
    numerator
    denominator
    publication
  }
  agreesWithComputed
  coverage {
    unitsInFrame
    unitsInScope
    partial
    label
    labelSv
  }
  includesInferred
  population {
    numerator
    denominator
    share
    populationYear
    approximate
    roundedTo
  }
}`) as unknown as TypedDocumentString<RegionComparisonQuery, RegionComparisonQueryVariables>;
export const RegionsDocument = new TypedDocumentString(`
    query Regions {
  regions {
    code
    name
    municipalities {
      code
      name
      kommungrupp {
        code
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RegionsQuery, RegionsQueryVariables>;
export const RoutineChangesDocument = new TypedDocumentString(`
    query RoutineChanges($question: String!, $fromYear: Int!, $toYear: Int!, $scope: RoutineScopeInput!) {
  routineChanges(
    question: $question
    fromYear: $fromYear
    toYear: $toYear
    scope: $scope
  ) {
    question {
      code
    }
    fromYear
    toYear
    scope {
      kind
      code
      name
    }
    missingReason
    unitsCompared
    unchanged
    notCollected
    transitions {
      from
      to
      count
      units {
        code
        name
      }
      districts {
        code
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RoutineChangesQuery, RoutineChangesQueryVariables>;
export const RoutineComparisonDocument = new TypedDocumentString(`
    query RoutineComparison($question: String!, $year: Int!, $scope: RoutineScopeInput!, $denominator: DenominatorPolicy = APPLICABLE, $orderBy: ComparisonOrder = NAME, $first: Int! = 500, $after: String) {
  routineComparison(
    question: $question
    year: $year
    scope: $scope
    denominator: $denominator
    orderBy: $orderBy
  ) {
    question {
      code
      text
    }
    year
    scope {
      kind
      code
      name
    }
    summary {
      ...ShareFields
    }
    references {
      ...ShareBrief
    }
    rows(first: $first, after: $after) {
      totalCount
      pageInfo {
        endCursor
        hasNextPage
      }
      nodes {
        unit {
          code
          name
          kind
          region {
            code
            name
          }
        }
        answer
        rawValue
        missingReason
        provenance {
          ...AnswerProvenance
        }
        previousYear
        previousAnswer
        changed
      }
    }
  }
}
    fragment ShareFields on Share {
  scope {
    kind
    code
    name
  }
  year
  policy
  numerator
  denominator
  share
  missingReason
  counts {
    ja
    nej
    ejAktuellt
    noResponse
    notAsked
    notCollected
    inferred
    units
  }
  published {
    percent
    numerator
    denominator
    publication
  }
  agreesWithComputed
  coverage {
    unitsInFrame
    unitsInScope
    partial
    label
    labelSv
  }
  includesInferred
  population {
    numerator
    denominator
    share
    populationYear
    approximate
    roundedTo
  }
}
fragment ShareBrief on Share {
  scope {
    kind
    code
    name
  }
  year
  numerator
  denominator
  share
  missingReason
  coverage {
    partial
    label
  }
  includesInferred
}
fragment AnswerProvenance on ValueProvenance {
  kind
  rule
  publication
  file
  sheet
  row
  column
  ingestRunId
}`) as unknown as TypedDocumentString<RoutineComparisonQuery, RoutineComparisonQueryVariables>;
export const RoutineProfileDocument = new TypedDocumentString(`
    query RoutineProfile($unit: String!, $year: Int!, $denominator: DenominatorPolicy = APPLICABLE) {
  routineProfile(unit: $unit, year: $year, denominator: $denominator) {
    unit {
      code
      name
      kind
    }
    year
    policy
    areas {
      area {
        code
        name
      }
      items {
        question {
          code
        }
        answer
        missingReason
        region {
          ...ShareBrief
        }
        kommungrupp {
          ...ShareBrief
        }
        nation {
          ...ShareBrief
        }
      }
    }
  }
}
    fragment ShareBrief on Share {
  scope {
    kind
    code
    name
  }
  year
  numerator
  denominator
  share
  missingReason
  coverage {
    partial
    label
  }
  includesInferred
}`) as unknown as TypedDocumentString<RoutineProfileQuery, RoutineProfileQueryVariables>;
export const RoutineTrendDocument = new TypedDocumentString(`
    query RoutineTrend($question: String!, $unit: String!, $fromYear: Int!, $toYear: Int!, $denominator: DenominatorPolicy = APPLICABLE) {
  routineTrend(
    question: $question
    unit: $unit
    fromYear: $fromYear
    toYear: $toYear
    denominator: $denominator
  ) {
    question {
      code
      text
    }
    unit {
      code
      name
      kind
      region {
        code
        name
      }
      kommungrupp {
        code
        name
      }
    }
    policy
    points {
      year
      answer
      rawValue
      missingReason
      provenance {
        ...AnswerProvenance
      }
      share {
        ...ShareBrief
      }
      region {
        ...ShareBrief
      }
      kommungrupp {
        ...ShareBrief
      }
      nation {
        ...ShareBrief
      }
    }
  }
}
    fragment ShareBrief on Share {
  scope {
    kind
    code
    name
  }
  year
  numerator
  denominator
  share
  missingReason
  coverage {
    partial
    label
  }
  includesInferred
}
fragment AnswerProvenance on ValueProvenance {
  kind
  rule
  publication
  file
  sheet
  row
  column
  ingestRunId
}`) as unknown as TypedDocumentString<RoutineTrendQuery, RoutineTrendQueryVariables>;
export const ServiceAreasDocument = new TypedDocumentString(`
    query ServiceAreas {
  serviceAreas {
    code
    name
    questions {
      code
      text
    }
  }
}
    `) as unknown as TypedDocumentString<ServiceAreasQuery, ServiceAreasQueryVariables>;
export const StudiesDocument = new TypedDocumentString(`
    query Studies($document: String, $region: String, $kind: StudyKind, $item: String) {
  studies(document: $document, region: $region, kind: $kind, item: $item) {
    key
    kind
    title
    region {
      code
      name
    }
    unit {
      code
      name
    }
    scopeLabel
    period
    citation {
      document
      section
      page
    }
    figures {
      item
      group
      period
      year
      value
      valueHigh
      numerator
      denominator
      approximation
      verbal
      verbalShare
      origin
      missingReason
    }
  }
}
    `) as unknown as TypedDocumentString<StudiesQuery, StudiesQueryVariables>;
export const StudyDocument = new TypedDocumentString(`
    query Study($key: String!, $item: String) {
  study(key: $key, item: $item) {
    key
    kind
    title
    publication
    region {
      code
      name
    }
    unit {
      code
      name
    }
    scopeLabel
    period
    referenceDate
    citation {
      document
      section
      page
    }
    reach {
      population {
        value
        printed
      }
      sent {
        value
        origin
        rule
      }
      bounced {
        value
        printed
      }
      away {
        value
        printed
      }
      reached {
        value
        printed
      }
      responses {
        value
        numerator
        denominator
      }
      responseRate {
        value
        numerator
        denominator
        printed
      }
    }
    figures {
      ...StudyFigureFields
    }
    discrepancies {
      item
      group
      printedValue
      printed
      computedValue
      rule
      explanation
      citation {
        document
        section
        page
      }
    }
  }
}
    fragment StudyFigureFields on StudyFigure {
  item
  itemText
  group
  period
  year
  yearMissingReason
  valueKind
  value
  valueHigh
  numerator
  denominator
  printed
  isApproximate
  approximation
  verbal
  verbalShare
  origin
  rule
  missingReason
  citation {
    document
    section
    page
  }
  source {
    file
    row
  }
}`) as unknown as TypedDocumentString<StudyQuery, StudyQueryVariables>;
