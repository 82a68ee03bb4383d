import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import type { ParseLimits } from '../ingest/adapter.js';
import { readReferenceCatalog, type ReferenceCatalog } from '../ingest/reference-catalog.js';
import { describeLocation } from '../ingest/release.js';
import { SAMPLES_DIR } from '../paths.js';
import {
  DraftError,
  draftMapping,
  type DraftColumn,
  type KnownQuestion,
  type MappingDraft,
} from '../ingest/sources/oj/draft-mapping.js';
import { checkMapping } from '../ingest/sources/oj/mapping-check.js';
import {
  findMappingFor,
  mappingCandidates,
  OjMappingError,
  readMapping,
  type OjMapping,
} from '../ingest/sources/oj/mapping.js';
import { listServiceAreas, OJ_SOURCE, parseOjSheets } from '../ingest/sources/oj/parse.js';
import { listHeaders } from '../ingest/sources/oj/table.js';
import { readTableFile, type SheetGrid } from '../ingest/sources/oj/workbook.js';
import { UsageError, type Print } from './cli-output.js';

/** Rejects and skipped rows a check lists; the rest are counted. */
const MAX_LISTED = 10;

/**
 * `npm run ingest -- mapping <file>` (alias `init`): drafts `<file>.mapping.json` for an ÖJ
 * workbook or CSV; with `--check`, validates the mapping beside it and prints what each
 * column maps to and what an ingest would read. Needs no database. Returns the exit code.
 */
export async function runMappingCommand(argv: string[], config: Config, print: Print): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { check: { type: 'boolean' }, mapping: { type: 'string' }, overwrite: { type: 'boolean' } },
  });
  const file = positionals[0];
  if (!file) throw new UsageError('mapping needs a workbook or CSV path, e.g. npm run ingest -- mapping oj-2023.xlsx');
  const limits: ParseLimits = { maxFileBytes: config.ingest.maxFileBytes, maxCells: config.ingest.maxCells };
  const sheets = await readSheets(file, limits);
  const catalog = readReferenceCatalog();
  if (values.check) return checkCommand(file, sheets, values.mapping, catalog, limits, print);
  return draftCommand(file, sheets, values.mapping, values.overwrite === true, catalog, print);
}

async function readSheets(file: string, limits: ParseLimits): Promise<SheetGrid[]> {
  if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
  const { size } = statSync(file);
  if (size > limits.maxFileBytes) throw new Error(`${file} is ${size} bytes; the limit is ${limits.maxFileBytes}`);
  return (await readTableFile(readFileSync(file), path.basename(file), limits)).sheets;
}

function draftCommand(
  file: string,
  sheets: SheetGrid[],
  explicit: string | undefined,
  overwrite: boolean,
  catalog: ReferenceCatalog,
  print: Print,
): number {
  const target = explicit ?? mappingCandidates(file)[0]!;
  let draft: MappingDraft;
  try {
    draft = draftMapping(sheets, file, catalog, knownQuestions(path.dirname(file)));
  } catch (error) {
    if (error instanceof DraftError) {
      print(`${path.basename(file)}: ${error.message}`);
      return 1;
    }
    throw error;
  }
  const where = draft.sheet === null ? '' : `sheet "${draft.sheet}", `;
  print(`${path.basename(file)}: ${where}header row ${draft.headerRow}`);
  print('  columns:');
  for (const c of draft.columns)
    print(`    ${c.letter.padEnd(3)}${JSON.stringify(c.header).padEnd(34)} ${describeDraftColumn(c, catalog)}`);
  const u = draft.units;
  print(
    `  units: municipalities ${u.MUNICIPALITY}, stadsdelar ${u.DISTRICT}, län ${u.REGION}, riket ${u.NATION}` +
      (draft.unknownUnits.length
        ? `; other rows ${draft.unknownUnits.length} (${draft.unknownUnits
            .slice(0, 3)
            .map((x) => `row ${x.row} ${JSON.stringify(x.text)}`)
            .join(', ')}${draft.unknownUnits.length > 3 ? ', …' : ''}) — headings are skipped, unknown units rejected`
        : ''),
  );
  print(`  layout: ${draft.layout}`);
  print(`  year: ${draft.year ? `${draft.year.value} (from ${draft.year.from})` : 'TODO'}`);
  if (draft.layout === 'wide')
    print(
      `  question: ${draft.question.family} — ${JSON.stringify(draft.question.text)} (from ${draft.question.from})`,
    );
  if (existsSync(target) && !overwrite) {
    print(`${target} exists: not overwritten. Check it with: npm run ingest -- mapping --check ${file}`);
    print('(or write a new draft over it with --overwrite)');
    return 1;
  }
  writeFileSync(target, `${JSON.stringify(draft.json, null, 2)}\n`);
  print(`wrote ${target}`);
  if (draft.todo.length) {
    print('  to fill in (each is "TODO" in the file):');
    for (const t of draft.todo) print(`    - ${t}`);
    if (draft.todo.some((t) => t.includes('areaCode'))) print(`  service area codes: ${listServiceAreas({ catalog })}`);
  }
  print(`next: npm run ingest -- mapping --check ${file}   then: npm run ingest -- file ${file}`);
  return 0;
}

function checkCommand(
  file: string,
  sheets: SheetGrid[],
  explicit: string | undefined,
  catalog: ReferenceCatalog,
  limits: ParseLimits,
  print: Print,
): number {
  const mappingPath = findMappingFor(file, explicit);
  if (!mappingPath) {
    const looked = explicit ? [explicit] : mappingCandidates(file);
    print(
      `${path.basename(file)}: no mapping (looked for ${looked.join(', ')}); draft one with: npm run ingest -- mapping ${file}`,
    );
    return 1;
  }
  let mapping: OjMapping;
  try {
    mapping = readMapping(mappingPath);
  } catch (error) {
    if (!(error instanceof OjMappingError)) throw error;
    print(error.message);
    print(`  service area codes: ${listServiceAreas({ catalog })}`);
    return 1;
  }
  const name = path.basename(file);
  const check = checkMapping(sheets, mapping, { source: OJ_SOURCE, file: name }, catalog);
  print(`${name} with ${mappingPath}:`);
  if (!check.table) {
    print(`  ${check.problem}`);
    return 1;
  }
  print(`  ${check.table.sheet === null ? '' : `sheet "${check.table.sheet}", `}header row ${check.table.headerRow}`);
  for (const c of check.columns) print(`    ${c.letter.padEnd(3)}${JSON.stringify(c.header).padEnd(34)} ${c.mapsTo}`);
  for (const m of check.missing)
    print(`  missing: no column headed ${m.header.map((h) => JSON.stringify(h)).join(' or ')} (for ${m.holds})`);
  if (check.missing.length) {
    const header = sheets.find((s) => s.name === check.table!.sheet)?.rows[check.table.headerRow - 1] ?? [];
    print(`  the header row has: ${listHeaders(header)}`);
  }

  // A dry run of the parser: exactly what `npm run ingest -- file` would read, without a database.
  const release = parseOjSheets(sheets, mapping, name, { catalog, now: new Date(), limits });
  const byAnswer = new Map<string, number>();
  for (const a of release.answers) byAnswer.set(a.answer, (byAnswer.get(a.answer) ?? 0) + 1);
  print(
    `  would read ${release.rowsRead} rows (${release.skipped.length} skipped): ${release.answers.length} answers` +
      (byAnswer.size ? ` (${[...byAnswer].map(([k, n]) => `${k} ${n}`).join(', ')})` : '') +
      `, ${release.figures.length} published percentages, ${release.rejects.length} rejected`,
  );
  for (const s of release.skipped.slice(0, MAX_LISTED))
    print(`  skipped ${describeLocation(s.loc)}: ${JSON.stringify(s.text)} — ${s.reason}`);
  for (const r of release.rejects.slice(0, MAX_LISTED))
    print(`  rejected ${r.rule}: ${describeLocation(r.loc)}: ${r.message}`);
  if (release.rejects.length > MAX_LISTED) print(`  … ${release.rejects.length - MAX_LISTED} more rejects`);
  const ok = check.missing.length === 0 && release.rejects.length === 0;
  print(ok ? `ok: npm run ingest -- file ${file}` : 'not ok: fix the mapping (or the file) and check again');
  return ok ? 0 : 1;
}

function describeDraftColumn(c: DraftColumn, catalog: ReferenceCatalog): string {
  switch (c.role) {
    case 'code':
      return 'unit code';
    case 'name':
      return 'unit name';
    case 'answers':
      return `answers → ${c.areaCode}${areaName(c.areaCode, catalog)}`;
    case 'other':
      return c.note ?? 'left out';
    default:
      return c.role;
  }
}

function areaName(code: string | null, catalog: ReferenceCatalog): string {
  const area = code ? catalog.serviceAreas.get(code) : undefined;
  return area ? ` (${area.name})` : '';
}

/** Questions named by the mappings beside the file and by the bundled samples' mappings. */
function knownQuestions(dir: string): KnownQuestion[] {
  const known: KnownQuestion[] = [];
  for (const folder of new Set([path.resolve(dir), SAMPLES_DIR])) {
    for (const entry of readdirSync(folder).filter((f) => f.endsWith('.mapping.json'))) {
      try {
        for (const q of readMapping(path.join(folder, entry)).questions)
          if (q.family && !known.some((k) => k.family === q.family && k.text === q.text))
            known.push({ family: q.family, text: q.text });
      } catch {
        // A mapping that does not validate (e.g. a draft with TODOs) names no known question.
      }
    }
  }
  return known;
}
