import type { ReferenceCatalog } from '../../reference-catalog.js';
import type { SourceLocation } from '../../release.js';
import { planColumns, type MissingColumn } from './columns.js';
import type { OjMapping } from './mapping.js';
import { columnLetter, locateTable } from './table.js';
import type { SheetGrid } from './workbook.js';

export interface CheckedColumn {
  letter: string;
  header: string;
  /** What the parser reads from the column: "unit code", "SIP_INFO.HEMLOSHET (Hemlöshet)", "not mapped" … */
  mapsTo: string;
}

export interface MappingCheck {
  /** Where the table is; null when it was not found (see problem). */
  table: { sheet: string | null; headerRow: number } | null;
  columns: CheckedColumn[];
  /** Columns the mapping names that the header row lacks. */
  missing: MissingColumn[];
  problem: string | null;
}

/**
 * What each column of a file means under a mapping, found exactly as the parser finds it
 * (locateTable, planColumns): `npm run ingest -- mapping --check` prints it.
 */
export function checkMapping(
  sheets: SheetGrid[],
  mapping: OjMapping,
  fileLoc: SourceLocation,
  catalog: ReferenceCatalog,
): MappingCheck {
  const located = locateTable(sheets, mapping, fileLoc);
  if (!located.ok) return { table: null, columns: [], missing: [], problem: located.message };
  const { table } = located;
  const plan = planColumns(table, mapping);
  const roles = new Map<number, string>([[table.codeCol, 'unit code']]);
  if (table.nameCol >= 0) roles.set(table.nameCol, 'unit name');
  if (plan.layout === 'wide') {
    for (const p of plan.placed) {
      const question = mapping.questions.find((q) => q.code === p.questionCode);
      const area = question?.areaCode ? catalog.serviceAreas.get(question.areaCode) : undefined;
      const areaNote = question?.areaCode
        ? area
          ? ` (${area.name})`
          : ` (${question.areaCode} is not a service area code)`
        : '';
      roles.set(p.col, `answers to ${p.questionCode}${areaNote}`);
    }
  } else {
    const long: [number, string][] = [
      [plan.questionCol, 'question id'],
      [plan.answerCol, 'answer'],
      [plan.areaCol, 'service area'],
      [plan.yearCol, 'year'],
    ];
    for (const [col, role] of long) if (col >= 0) roles.set(col, role);
  }
  const columns = table.header.flatMap((text, col) => {
    const header = (text ?? '').trim();
    if (header === '' && !roles.has(col)) return [];
    return [{ letter: columnLetter(col), header, mapsTo: roles.get(col) ?? 'not mapped (ignored)' }];
  });
  return {
    table: { sheet: table.sheet.name, headerRow: table.headerIndex + 1 },
    columns,
    missing: plan.missing,
    problem: null,
  };
}
