import { OPERATIONS, type SavedOperation } from './saved-operations.js';

/**
 * For each source document behind the bundled data (../shared/seeds, see its README), the
 * questions an analyst can put to the warehouse about it, each as a saved operation with the
 * variables that ask it. scripts/write-query-docs.ts runs them on the bundled data and prints
 * the real answers in docs/queries.md; tests/e2e/query-docs.test.ts runs them too.
 */
export interface DocumentQuestion {
  question: string;
  operation: SavedOperation;
}

export interface SourceDocument {
  /** The file name in ../shared/seeds. */
  document: string;
  title: string;
  questions: DocumentQuestion[];
}

/** The saved operation sent with other variables (they follow the operation's .graphql arguments). */
function ask(question: string, operation: SavedOperation, variables: Record<string, unknown>): DocumentQuestion {
  return { question, operation: { ...operation, variables } };
}

export const DOCUMENT_QUESTIONS: SourceDocument[] = [
  {
    document: '000_248606a8c66359fb.txt',
    title: 'Uppföljning av individuella planer inom missbruks- och beroendevården i Stockholms län (2012)',
    questions: [
      ask(
        'How many clients did the municipal units of the follow-up have on 5 December 2011 — and is that Stockholms län’s figure? (No: a sample; and the printed mean 156 does not match 2206 / 14.)',
        OPERATIONS.planCounts,
        { scope: '01', measure: 'current_clients_total' },
      ),
      ask(
        'How was the sample drawn and who was interviewed (10 of the 30 receptions, 8 kommuner, 6 stadsdelar)?',
        OPERATIONS.study,
        { key: 'stockholm-2011-individual-plans' },
      ),
      ask(
        'What share of joint clients had an individual plan in large units? (Not printed: kept as missing, with its reason.)',
        OPERATIONS.planCounts,
        { scope: 'large units', measure: 'share_joint_clients_with_individual_plan_percent' },
      ),
    ],
  },
  {
    document: '001_b1a2ed5b495d977e.txt',
    title: 'FoU i Sörmland, Utvärderingsrapport 2019:2 "SIP i Sörmland"',
    questions: [
      ask(
        'Which Sörmland municipalities had a routine for information about SIP in Hemlöshet in 2018?',
        OPERATIONS.routineComparison,
        OPERATIONS.routineComparison.variables,
      ),
      ask('Whom did the 2018 follow-up survey of the SIP course reach, and how many answered?', OPERATIONS.study, {
        key: 'sormland-sip-course-followup-2018',
        item: 'response_rate',
      }),
      ask(
        'How many who signed up for the baskurs did not know the Sörmland SIP guidelines, year by year?',
        OPERATIONS.study,
        { key: 'sormland-sip-baseline', item: 'guidelines_unknown' },
      ),
      ask('How many SIPs were registered in Prator each year?', OPERATIONS.study, {
        key: 'sormland-prator-sip-registrations',
        item: 'sips_created',
      }),
      ask('How many took the SIP courses?', OPERATIONS.study, {
        key: 'sormland-sip-courses',
        item: 'course_participants',
      }),
    ],
  },
  {
    document: '002_ade8000de8ce7196.txt',
    title: 'Västra Götaland conference documentation (≈ 2018): integrated work on mental ill-health and addiction',
    questions: [
      ask('What does the Västra Götaland action plan for mental health cover?', OPERATIONS.study, {
        key: 'vastra-gotaland-mental-health-plan-2018-2020',
      }),
    ],
  },
  {
    document: '003_b1bcdd472672424d.txt',
    title: 'Ekerö kommun memo 2013 (Dnr SN13/124-709)',
    questions: [
      ask('How many adults in Ekerö’s socialpsykiatri needed a SIP in 2013?', OPERATIONS.study, {
        key: 'ekero-2013-socialpsykiatri',
      }),
    ],
  },
  {
    document: '004_90bac4ef581c80de.txt',
    title: 'Vårdanalys rapport 2017:1 "Att komma överens"',
    questions: [
      ask(
        'How many län had a county agreement on missbruk och beroende in 2016?',
        OPERATIONS.agreementCoverage,
        OPERATIONS.agreementCoverage.variables,
      ),
      ask(
        'Are these figures shown for äldreomsorg? (No: they are about missbruk och beroende only.)',
        OPERATIONS.agreementCoverage,
        { ...OPERATIONS.agreementCoverage.variables, topic: 'ALDREOMSORG' },
      ),
      ask('How many answered Vårdanalys’ survey, per level?', OPERATIONS.study, {
        key: 'vardanalys-2016-agreements',
        item: 'response_rate',
      }),
      ask(
        'What do the agreements contain, in Vårdanalys’ own words ("var fjärde", "hälften", "var tredje")?',
        OPERATIONS.studies,
        { document: '004_90bac4ef581c80de.txt', kind: 'FOLLOW_UP', item: 'partner_police_or_prison_service' },
      ),
    ],
  },
];
