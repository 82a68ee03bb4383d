import type { OjMapping } from './mapping.js';
import { findColumn, type LocatedTable } from './table.js';

/** A wide column the mapping names and the header row has: its index and its question. */
export interface PlacedColumn {
  col: number;
  questionCode: string;
}

/** A column the mapping names that the header row lacks. */
export interface MissingColumn {
  /** Header candidates as the mapping writes them. */
  header: string[];
  /** What it would have held: a question code, or a long layout's role ("question id", "answer"). */
  holds: string;
}

/** Which columns of the header row hold what, by the mapping's layout. */
export type ColumnPlan =
  | { layout: 'wide'; placed: PlacedColumn[]; missing: MissingColumn[] }
  | {
      layout: 'long';
      questionCol: number;
      answerCol: number;
      /** -1 when the file has none (optional). */
      areaCol: number;
      yearCol: number;
      missing: MissingColumn[];
    };

/**
 * Places the mapping's columns in the header row (pure). The code and name columns are
 * taken first, so a question column never claims them. Used by the parser and by
 * `npm run ingest -- mapping --check`, so both say the same about a file.
 */
export function planColumns(table: LocatedTable, mapping: OjMapping): ColumnPlan {
  const { header } = table;
  const taken = [table.codeCol, ...(table.nameCol >= 0 ? [table.nameCol] : [])];
  if (mapping.layout === 'wide') {
    const placed: PlacedColumn[] = [];
    const missing: MissingColumn[] = [];
    for (const column of mapping.columns) {
      const col = findColumn(header, column.header, taken, column.match);
      if (col < 0) missing.push({ header: column.header, holds: column.questionCode });
      else placed.push({ col, questionCode: column.questionCode });
    }
    return { layout: 'wide', placed, missing };
  }
  const long = mapping.long!;
  const questionCol = findColumn(header, long.questionColumn, taken);
  const answerCol = findColumn(header, long.answerColumn, [...taken, questionCol]);
  const areaCol = findColumn(header, long.areaColumn, [...taken, questionCol, answerCol]);
  const yearCol = findColumn(header, long.yearColumn, [...taken, questionCol, answerCol, areaCol]);
  const missing: MissingColumn[] = [];
  if (questionCol < 0) missing.push({ header: long.questionColumn, holds: 'question id' });
  if (answerCol < 0) missing.push({ header: long.answerColumn, holds: 'answer' });
  return { layout: 'long', questionCol, answerCol, areaCol, yearCol, missing };
}
