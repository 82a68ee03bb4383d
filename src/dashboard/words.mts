/**
 * The page's words and number formats, Swedish first (Kolada's and Socialstyrelsen's words:
 * Ja, Nej, Ej aktuellt, Uppgift saknas, Ej insamlat, Riket, Län, Kommungrupp,
 * Verksamhetsområde) and English one click away. The language is part of the state in the
 * URL (`lang=sv|en`); GraphQL enum values stay as they are and are never shown as labels.
 */
import type { Answer, Share } from './types.mjs';

export const LANGS = ['sv', 'en'] as const;
export type Lang = (typeof LANGS)[number];

let current: Lang = 'sv';

export function setLang(lang: Lang): void {
  current = lang;
}

export function lang(): Lang {
  return current;
}

/** `sv` or `en` from a URL parameter; anything else is Swedish, the default. */
export function parseLang(value: string | null): Lang {
  return value === 'en' ? 'en' : 'sv';
}

// --- numbers -------------------------------------------------------------------------------

/** U+202F NARROW NO-BREAK SPACE: the thin space Swedish typography puts between thousands. */
const THIN = '\u202f';
/** U+00A0 NO-BREAK SPACE: between a number and its % sign ("62,5 %"), never broken apart. */
const NBSP = '\u00a0';

const numberFormats = {
  sv: new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }),
};

/** 1 120 (thin space) / 1,120; one decimal at most: 62,5 / 62.5. */
export function num(value: number): string {
  const text = numberFormats[current].format(value);
  return current === 'sv' ? text.replace(/[\s\u00a0\u202f]/g, THIN).replace('−', '-') : text;
}

/** A share (0…1) as a percentage: "62,5 %" / "62.5%"; missing → "—". */
export function pct(share: number | null | undefined): string {
  if (share === null || share === undefined) return '—';
  const value = num(Math.round(share * 1000) / 10);
  return current === 'sv' ? `${value}${NBSP}%` : `${value}%`;
}

/** A figure printed as a percent by its publisher (90 → "90 %"). */
export function printedPercent(percent: number): string {
  return pct(percent / 100);
}

export const collator = new Intl.Collator('sv');

// --- words ---------------------------------------------------------------------------------

interface AnswerWord {
  label: string;
  symbol: string;
}

const ANSWERS: Record<Lang, Record<Answer, AnswerWord>> = {
  sv: {
    JA: { label: 'Ja', symbol: '✓' },
    NEJ: { label: 'Nej', symbol: '✗' },
    EJ_AKTUELLT: { label: 'Ej aktuellt', symbol: '–' },
    NO_RESPONSE: { label: 'Uppgift saknas', symbol: '?' },
    NOT_ASKED: { label: 'Ej tillfrågad', symbol: '○' },
  },
  en: {
    JA: { label: 'Ja', symbol: '✓' },
    NEJ: { label: 'Nej', symbol: '✗' },
    EJ_AKTUELLT: { label: 'Ej aktuellt', symbol: '–' },
    NO_RESPONSE: { label: 'No response', symbol: '?' },
    NOT_ASKED: { label: 'Not asked', symbol: '○' },
  },
};

const REASONS: Record<Lang, Record<string, string>> = {
  sv: {
    NO_RESPONSE: 'Uppgift saknas',
    NOT_ASKED: 'Ej tillfrågad',
    NOT_APPLICABLE: 'Ej tillämpligt (alla Ej aktuellt)',
    NOT_COLLECTED: 'Ej insamlat (ingen enkät det året)',
    SUPPRESSED: 'Undertryckt av utgivaren',
    NOT_YET_PUBLISHED: 'Ännu ej publicerat',
    NOT_PUBLISHED: 'Ej tryckt i publikationen',
    LOST_IN_SOURCE: 'Tryckt, men förlorat i den kopia som finns',
  },
  en: {
    NO_RESPONSE: 'No response',
    NOT_ASKED: 'Not asked',
    NOT_APPLICABLE: 'Not applicable (all Ej aktuellt)',
    NOT_COLLECTED: 'Not collected (no survey that year)',
    SUPPRESSED: 'Suppressed by the publisher',
    NOT_YET_PUBLISHED: 'Not yet published',
    NOT_PUBLISHED: 'Not printed in the publication',
    LOST_IN_SOURCE: 'Printed, but lost in the copy held',
  },
};

const POLICIES: Record<Lang, Record<string, string>> = {
  sv: {
    APPLICABLE: 'berörda, Ja ÷ (Ja + Nej). Ej aktuellt, Uppgift saknas och Ej tillfrågad räknas inte med.',
    RESPONDENTS: 'svarande, Ja ÷ (Ja + Nej + Ej aktuellt). Uppgift saknas och Ej tillfrågad räknas inte med.',
    ALL_UNITS: 'alla enheter, Ja ÷ alla kommuner i urvalet, även de som inte svarat.',
  },
  en: {
    APPLICABLE: 'APPLICABLE: Ja ÷ (Ja + Nej). Ej aktuellt, no response and not asked are left out.',
    RESPONDENTS: 'RESPONDENTS: Ja ÷ (Ja + Nej + Ej aktuellt). No response and not asked are left out.',
    ALL_UNITS: 'ALL_UNITS: Ja ÷ every municipality in the scope, non-respondents included.',
  },
};

const POLICY_NAMES: Record<Lang, Record<string, string>> = {
  sv: { APPLICABLE: 'berörda (Ja + Nej)', RESPONDENTS: 'svarande (Ja + Nej + Ej aktuellt)', ALL_UNITS: 'alla enheter' },
  en: { APPLICABLE: 'APPLICABLE', RESPONDENTS: 'RESPONDENTS', ALL_UNITS: 'ALL_UNITS' },
};

/** Agreement statuses and content flags as published (Vårdanalys), by their code. */
const MEASURES: Record<Lang, Record<string, string>> = {
  sv: {
    exists: 'Överenskommelse finns',
    in_progress: 'Under arbete',
    none: 'Saknas',
    no_response: 'Uppgift saknas',
    exists_or_in_progress: 'Finns eller under arbete',
    joint_goals_none: 'Inga gemensamma mål',
    joint_goals_clear: 'Tydliga gemensamma mål',
    joint_goals_relatively_clear: 'Relativt tydliga gemensamma mål',
    describes_collaboration_between_principals: 'Beskriver samverkan mellan huvudmännen',
    describes_collaboration_within_municipality: 'Beskriver samverkan inom kommunen',
    describes_collaboration_within_region: 'Beskriver samverkan inom regionen',
  },
  en: {
    exists: 'Agreement exists',
    in_progress: 'In progress',
    none: 'None',
    no_response: 'No response',
    exists_or_in_progress: 'Exists or in progress',
    joint_goals_none: 'No joint goals',
    joint_goals_clear: 'Clear joint goals',
    joint_goals_relatively_clear: 'Relatively clear joint goals',
    describes_collaboration_between_principals: 'Describes collaboration between the principals',
    describes_collaboration_within_municipality: 'Describes collaboration within the municipality',
    describes_collaboration_within_region: 'Describes collaboration within the region',
  },
};

/** Published scope labels ("county:län", "local:kommun") by their code. */
const SCOPE_LABELS: Record<Lang, Record<string, string>> = {
  sv: {
    county: 'Län',
    'county:län': 'Län',
    local: 'Kommuner och stadsdelar',
    'local:kommun': 'Kommuner',
    'local:stadsdel': 'Stadsdelar',
  },
  en: {
    county: 'Regions (län)',
    'county:län': 'Regions (län)',
    local: 'Municipalities and districts',
    'local:kommun': 'Municipalities',
    'local:stadsdel': 'Districts (stadsdelar)',
  },
};

/** A code's label; a code without one is shown readable ("current_patients_total" → "current patients total"), never raw. */
function labelOf(table: Record<Lang, Record<string, string>>, code: string): string {
  return table[current][code] ?? code.replace(/_/g, ' ');
}

export function answerWord(answer: Answer): AnswerWord {
  return ANSWERS[current][answer];
}

export function reason(code: string | null | undefined): string {
  return code ? (REASONS[current][code] ?? code) : '';
}

export function policyText(policy: string): string {
  return POLICIES[current][policy] ?? policy;
}

export function policyName(policy: string): string {
  return POLICY_NAMES[current][policy] ?? policy;
}

export function measureLabel(code: string): string {
  return labelOf(MEASURES, code);
}

export function scopeLabel(code: string | null | undefined): string {
  return code ? labelOf(SCOPE_LABELS, code) : '';
}

/**
 * The note for a share whose release frame covers only part of its scope (the API's
 * Share.coverage): "Ramen täcker bara en del av urvalet: …", or null when it covers all.
 */
export function frameNote(
  coverage: { partial: boolean; label: string; labelSv?: string } | null | undefined,
): string | null {
  if (!coverage?.partial) return null;
  return `${t().framePartial}: ${current === 'sv' ? (coverage.labelSv ?? coverage.label) : coverage.label}`;
}

/** "3 av 6" / "3 of 6". */
export function fraction(s: { numerator: number | null; denominator: number | null }): string {
  if (s.numerator === null || s.denominator === null) return '—';
  return `${num(s.numerator)} ${t().of} ${num(s.denominator)}`;
}

/** "50 % (3 av 6)" or the reason there is no share. */
export function shareText(s: Share | null | undefined): string {
  if (!s) return '—';
  if (s.share === null) return `${reason(s.missingReason) || '—'}${s.denominator !== null ? ` (${fraction(s)})` : ''}`;
  return `${pct(s.share)} (${fraction(s)})`;
}

// --- sentences -----------------------------------------------------------------------------

const SV = {
  of: 'av',
  title: 'Jämför — rutiner, överenskommelser och planer jämförda',
  tagline: 'Öppna jämförelser: rutiner, överenskommelser och planer — kommun för kommun, med tydliga nämnare.',
  otherPages: 'Andra sidor',
  explorer: 'GraphQL-utforskare',
  switchLang: 'English',
  switchLangTitle: 'Show this page in English',
  controls: 'Vad som visas',
  scope: 'Urval',
  area: 'Verksamhetsområde',
  question: 'Fråga',
  year: 'År',
  denominator: 'Nämnare',
  denominators: {
    APPLICABLE: 'Berörda (Ja + Nej)',
    RESPONDENTS: 'Svarande (Ja + Nej + Ej aktuellt)',
    ALL_UNITS: 'Alla enheter i urvalet',
  } as Record<string, string>,
  views: 'Vyer',
  tabs: {
    comparison: 'Jämförelse',
    regions: 'Länsjämförelse',
    trend: 'Trend',
    agreements: 'Överenskommelser och planer',
  },
  footer:
    'Siffrorna kommer från serverns GraphQL-API (POST /graphql) med frågorna i docs/queries.md. En andel är Ja ÷ nämnaren som visas; Ej aktuellt och Uppgift saknas räknas aldrig som Nej.',
  loading: 'Hämtar…',
  couldNotLoad: 'Kunde inte hämta',
  couldNotLoadCatalog: 'Kunde inte hämta katalogen',
  nation: 'Riket',
  nationAll: 'Riket (alla 290 kommuner)',
  regionsGroup: 'Län',
  groupsGroup: 'Kommungrupper (SKR 2023)',
  kommungrupp: 'Kommungrupp',
  notCollectedYear: (y: number) => `${y} (ej insamlat)`,
  noYear: 'Inget enkätår finns inläst för den här frågan.',
  csvExcel: '⤓ CSV (Excel, sv)',
  csvPlain: 'CSV (RFC 4180)',
  forExcel: 'för svenskt Excel',
  // maps
  mapLegend: 'Teckenförklaring',
  mapHelp: 'Peka eller tabba till kartan och använd piltangenterna; Enter öppnar trenden.',
  mapAnswers: (scope: string, year: number) => `Karta: svar per kommun, ${scope} ${year}`,
  mapRegions: (year: number) => `Karta: andel per län ${year}`,
  mapRegionShares: (year: number) => `Karta: andel per län, kommunerna färgade efter sitt län ${year}`,
  mapMode: 'Kartan visar',
  mapModes: { answer: 'Svar per kommun', region: 'Andel per län' } as Record<string, string>,
  noValueMissing: 'Inget värde',
  noShareLegend: 'Ingen andel',
  band: (from: number, to: number) => `${from}–${to} %`,
  districtsTitle: 'Stockholms stadsdelsområden',
  districtsNote: 'Stadsdelarna har inga egna gränser på kartan; deras svar räknas inte in i urvalets andel.',
  noOwnAnswer: 'inget eget svar',
  coverage: (answered: number, total: number, share: string) =>
    `Täckning: ${answered} av ${total} kommuner i urvalet har svarat (${share}). Andelen gäller bara dem.`,
  regionCoverage: (withShare: number) => `Täckning: ${withShare} av 21 län har en andel; övriga är streckade.`,
  framePartial: 'Inläst data täcker bara en del av urvalet',
  // comparison
  answersInScope: 'Svar i urvalet',
  references: 'Jämförelser',
  nationIsReference: 'Riket är jämförelsen för alla andra urval.',
  order: 'Ordning',
  orders: { NAME: 'Namn (svensk ordning)', REGION: 'Län, sedan namn', ANSWER: 'Svar, sedan namn' } as Record<
    string,
    string
  >,
  municipality: 'Kommun',
  region: 'Län',
  answer: 'Svar',
  previousSurvey: 'Föregående enkät',
  code: 'Kod',
  noEarlierSurvey: 'ingen tidigare enkät',
  changed: 'ändrat',
  trendFor: (name: string) => `Trend för ${name}`,
  unitsCaption: (n: number, scope: string, year: number) =>
    `${n} enheter i ${scope}, ${year}. Välj en kommun för att se dess trend.`,
  shareInScope: 'Andel i urvalet',
  withRoutine: (f: string) => `${f} har rutinen`,
  policy: 'Nämnare:',
  unitsInScope: (n: number) => `${n} kommuner i urvalet.`,
  thisComparison: 'den här jämförelsen',
  // regions
  regionsTitle: (area: string, year: number) => `Länen jämförda · ${area} · ${year}`,
  regionsSub: (nation: string, ranked: number, median: string, iqr: string | null, policy: string) =>
    `Riket: ${nation}. Median för de ${ranked} rangordnade länen: ${median}${iqr ? `, kvartilavstånd ${iqr}` : ''}. Nämnare: ${policy}. Län utan andel är orangordnade, inte sist.`,
  crossCounty: 'länsjämförelsen',
  noShare: 'ingen andel',
  unranked: 'ej rangordnad',
  median: 'Median',
  regionsChart: (question: string, year: number, list: string, unranked: number) =>
    `Länen rangordnade efter andel för ${question} ${year}: ${list || 'inget län har en andel'}; ${unranked} utan andel. Tabell nedan.`,
  tableView: 'Tabellvy: samma siffror som diagrammet',
  rank: 'Rang',
  share: 'Andel',
  ja: 'Ja',
  ejAktuellt: 'Ej aktuellt',
  noResponse: 'Uppgift saknas',
  units: 'Enheter',
  quartileBand: 'Kvartil',
  published: 'Publicerat',
  // trend
  trendTitle: (name: string, code: string, area: string) => `Trend · ${name} (${code}) · ${area}`,
  trendSub: (from: number, to: number, policy: string) =>
    `${from}–${to}, nämnare: ${policy}. År utan enkät eller svar är luckor märkta med orsaken — aldrig noll.`,
  unit: 'Enhet',
  theScope: (name: string) => `${name} (urvalet)`,
  answerByYear: (name: string) => `${name}: svar per enkätår`,
  sharesByYear: (from: number, to: number, described: string) =>
    `Andelar per år, ${from}–${to}. ${described}. Tabell nedan.`,
  noValue: 'inget värde',
  yearCol: 'År',
  unitShare: (name: string) => `${name}, andel`,
  unitAnswer: (name: string) => `${name}, svar`,
  thisTrend: 'den här trenden',
  // agreements
  agreementsTitle: (area: string) => `Överenskommelser och planer · ${area}`,
  agreementYear: 'År för överenskommelser',
  countyAgreements: 'Länsöverenskommelser',
  localAgreements: 'Lokala överenskommelser',
  computedFromRows: 'Beräknat från enheternas rader',
  group: 'Grupp',
  exists: 'Finns',
  inProgress: 'Under arbete',
  none: 'Saknas',
  shareWithAgreement: 'Andel med överenskommelse',
  noUnitRows: (topic: string, year: number, why: string) =>
    ` Ingen: det finns inga rader per enhet för ${topic} ${year} på den här nivån (${why}), så Jämför beräknar ingen täckning — inte 0 %.`,
  publishedCoverage: (title: string, year: number, list: string) => `Publicerad täckning, ${title}, ${year}: ${list}.`,
  noPercentPrinted: 'ingen procentsats tryckt',
  measure: 'Mått',
  origin: 'Ursprung',
  scopeCol: 'Omfattning',
  numerator: 'Täljare',
  percent: 'Procent',
  computedByJamfor: 'Beräknat av Jämför',
  publication: 'Publikation',
  notComputed: 'ej beräknat (inga rader per enhet)',
  agrees: 'stämmer',
  differs: 'skiljer sig',
  publishedTable: 'Publicerad täckning (som tryckt): tabellvy av diagrammet',
  contentSummary: (n: number) => `Vad överenskommelserna innehåller: ${n} publicerade innehållsuppgifter`,
  contentTable: 'Publicerade innehållsuppgifter (som tryckta)',
  origins: { COMPUTED: 'BERÄKNAD', PUBLISHED: 'PUBLICERAD' } as Record<string, string>,
  // plans
  plansTitle: 'Antal planer (SIP och individuella planer)',
  plansChart: (list: string) => `Antal planer per serie och år: ${list}. Tabell nedan.`,
  plansNote:
    'Antalen gäller per rapporterande organisation, inte unika personer. År utan rad är Ej insamlat, celler utan uppgift Uppgift saknas — aldrig 0.',
  plansFailed: (list: string) => `Några serier kunde inte läsas från API:t: ${list}`,
  plansCaption: (n: number) => `${n} serier med antal planer`,
  plansFor: (label: string) => `antal planer för ${label}`,
  planType: 'Plantyp',
  principal: 'Huvudman',
  source: 'Källa',
  years: 'År',
  values: 'Värden',
  notLoaded: 'ej inläst',
  planTypes: { SIP: 'SIP', INDIVIDUAL_PLAN: 'Individuell plan' } as Record<string, string>,
  principals: { MUNICIPALITY: 'Kommun', REGION: 'Region', BOTH: 'Båda' } as Record<string, string>,
  sources: {
    LOCAL_FOLLOW_UP: 'Lokal uppföljning',
    OJ: 'Öppna jämförelser',
    PRATOR: 'Prator',
    SIPKOLLEN: 'SIPkollen',
  } as Record<string, string>,
};

type Words = typeof SV;

const EN: Words = {
  of: 'of',
  title: 'Jämför — routines, agreements and plans compared',
  tagline:
    'Öppna jämförelser routines, agreements and plans — municipality by municipality, with explicit denominators.',
  otherPages: 'Other pages',
  explorer: 'GraphQL explorer',
  switchLang: 'Svenska',
  switchLangTitle: 'Visa sidan på svenska',
  controls: 'What to show',
  scope: 'Scope',
  area: 'Service area',
  question: 'Question',
  year: 'Year',
  denominator: 'Denominator',
  denominators: {
    APPLICABLE: 'Applicable (Ja + Nej)',
    RESPONDENTS: 'Respondents (Ja + Nej + Ej aktuellt)',
    ALL_UNITS: 'All units in scope',
  },
  views: 'Views',
  tabs: { comparison: 'Comparison', regions: 'Cross-county', trend: 'Trend', agreements: 'Agreements and plans' },
  footer:
    "Numbers from this server's GraphQL API (POST /graphql) with the operations in docs/queries.md. A share is Ja ÷ the denominator shown; Ej aktuellt and no response are never counted as Nej.",
  loading: 'Loading…',
  couldNotLoad: 'Could not load',
  couldNotLoadCatalog: 'Could not load the catalog',
  nation: 'Riket',
  nationAll: 'Riket (all 290 municipalities)',
  regionsGroup: 'Regions (län)',
  groupsGroup: 'Kommungrupper (SKR 2023)',
  kommungrupp: 'Kommungrupp',
  notCollectedYear: (y) => `${y} (not collected)`,
  noYear: 'No survey year is loaded for this question.',
  csvExcel: '⤓ CSV (Excel, sv)',
  csvPlain: 'CSV (RFC 4180)',
  forExcel: 'for Swedish Excel',
  mapLegend: 'Legend',
  mapHelp: 'Point at or tab to the map and use the arrow keys; Enter opens the trend.',
  mapAnswers: (scope, year) => `Map: answer per municipality, ${scope} ${year}`,
  mapRegions: (year) => `Map: share per region ${year}`,
  mapRegionShares: (year) => `Map: share per region, municipalities coloured by their region ${year}`,
  mapMode: 'The map shows',
  mapModes: { answer: 'Answer per municipality', region: 'Share per region' },
  noValueMissing: 'No value',
  noShareLegend: 'No share',
  band: (from, to) => `${from}–${to}%`,
  districtsTitle: 'Stockholm’s districts (stadsdelsområden)',
  districtsNote: 'The districts have no boundaries on the map; their answers are not counted in the scope’s share.',
  noOwnAnswer: 'no answer of its own',
  coverage: (answered, total, share) =>
    `Coverage: ${answered} of ${total} municipalities in the scope answered (${share}). The share is about them only.`,
  regionCoverage: (withShare) => `Coverage: ${withShare} of 21 regions have a share; the others are hatched.`,
  framePartial: 'The loaded data covers only part of the scope',
  answersInScope: 'Answers in the scope',
  references: 'References',
  nationIsReference: 'Riket is the reference for every other scope.',
  order: 'Order',
  orders: { NAME: 'Name (Swedish order)', REGION: 'Region, then name', ANSWER: 'Answer, then name' },
  municipality: 'Municipality',
  region: 'Region',
  answer: 'Answer',
  previousSurvey: 'Previous survey',
  code: 'Code',
  noEarlierSurvey: 'no earlier survey',
  changed: 'changed',
  trendFor: (name) => `Trend for ${name}`,
  unitsCaption: (n, scope, year) => `${n} units in ${scope}, ${year}. Choose a municipality for its trend.`,
  shareInScope: 'Share in the scope',
  withRoutine: (f) => `${f} with a routine`,
  policy: 'Policy',
  unitsInScope: (n) => `${n} municipalities in the scope.`,
  thisComparison: 'this comparison',
  regionsTitle: (area, year) => `Regions compared · ${area} · ${year}`,
  regionsSub: (nation, ranked, median, iqr, policy) =>
    `Riket: ${nation}. Median of the ${ranked} ranked regions: ${median}${iqr ? `, interquartile range ${iqr}` : ''}. Policy ${policy}. Regions without a share are unranked, not last.`,
  crossCounty: 'the cross-county comparison',
  noShare: 'no share',
  unranked: 'unranked',
  median: 'Median',
  regionsChart: (question, year, list, unranked) =>
    `Regions ranked by share for ${question} in ${year}: ${list || 'no region has a share'}; ${unranked} without a share. Table below.`,
  tableView: 'Table view: the same numbers as the chart',
  rank: 'Rank',
  share: 'Share',
  ja: 'Ja',
  ejAktuellt: 'Ej aktuellt',
  noResponse: 'No response',
  units: 'Units',
  quartileBand: 'Quartile band',
  published: 'Published',
  trendTitle: (name, code, area) => `Trend · ${name} (${code}) · ${area}`,
  trendSub: (from, to, policy) =>
    `${from}–${to}, policy ${policy}. Years without a survey or answer are gaps labelled with the reason — never zero.`,
  unit: 'Unit',
  theScope: (name) => `${name} (the scope)`,
  answerByYear: (name) => `${name}: answer by survey year`,
  sharesByYear: (from, to, described) => `Shares by year, ${from}–${to}. ${described}. Table below.`,
  noValue: 'no value',
  yearCol: 'Year',
  unitShare: (name) => `${name} share`,
  unitAnswer: (name) => `${name} answer`,
  thisTrend: 'this trend',
  agreementsTitle: (area) => `Agreements and plans · ${area}`,
  agreementYear: 'Agreement year',
  countyAgreements: 'County agreements (länsöverenskommelse)',
  localAgreements: 'Local agreements (lokal överenskommelse)',
  computedFromRows: 'Computed from unit rows',
  group: 'Group',
  exists: 'Exists',
  inProgress: 'In progress',
  none: 'None',
  shareWithAgreement: 'Share with an agreement',
  noUnitRows: (topic, year, why) =>
    ` None: there are no unit rows for ${topic} ${year} at this level (${why}), so Jämför computes no coverage — not 0 %.`,
  publishedCoverage: (title, year, list) => `Published coverage, ${title}, ${year}: ${list}.`,
  noPercentPrinted: 'no percent printed',
  measure: 'Measure',
  origin: 'Origin',
  scopeCol: 'Scope',
  numerator: 'Numerator',
  percent: 'Percent',
  computedByJamfor: 'Computed by Jämför',
  publication: 'Publication',
  notComputed: 'not computed (no unit rows)',
  agrees: 'agrees',
  differs: 'differs',
  publishedTable: 'Published coverage (as printed): table view of the chart',
  contentSummary: (n) => `What the agreements contain: ${n} published content figures`,
  contentTable: 'Published content figures (as printed)',
  origins: { COMPUTED: 'COMPUTED', PUBLISHED: 'PUBLISHED' },
  plansTitle: 'Plan counts (SIP and individual plans)',
  plansChart: (list) => `Plan counts by series and year: ${list}. Table below.`,
  plansNote:
    'Counts are per reporting organisation, not unique persons. Years without a row are not collected, unreported cells no response — never 0.',
  plansFailed: (list) => `Some series could not be read from the API: ${list}`,
  plansCaption: (n) => `${n} plan-count series`,
  plansFor: (label) => `plan counts for ${label}`,
  planType: 'Plan type',
  principal: 'Principal',
  source: 'Source',
  years: 'Years',
  values: 'Values',
  notLoaded: 'not loaded',
  planTypes: { SIP: 'SIP', INDIVIDUAL_PLAN: 'Individual plan' },
  principals: { MUNICIPALITY: 'Municipality', REGION: 'Region', BOTH: 'Both' },
  sources: { LOCAL_FOLLOW_UP: 'Local follow-up', OJ: 'Öppna jämförelser', PRATOR: 'Prator', SIPKOLLEN: 'SIPkollen' },
};

const WORDS: Record<Lang, Words> = { sv: SV, en: EN };

/** The words of the current language. */
export function t(): Words {
  return WORDS[current];
}

/** A code from a small closed set shown by its word; an unknown code readable, never raw. */
export function word(table: Record<string, string>, code: string): string {
  return table[code] ?? code.replace(/_/g, ' ').toLowerCase();
}
