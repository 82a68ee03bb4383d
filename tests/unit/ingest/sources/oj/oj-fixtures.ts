import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';
import { Workbook } from 'exceljs';
import { DEFAULT_PARSE_LIMITS, type ParseContext } from '../../../../../src/ingest/adapter';
import { readReferenceCatalog } from '../../../../../src/ingest/reference-catalog';
import { parseMapping, type OjMapping } from '../../../../../src/ingest/sources/oj/mapping';

export const ctx: ParseContext = {
  catalog: readReferenceCatalog(),
  now: new Date('2025-06-01T00:00:00Z'),
  limits: DEFAULT_PARSE_LIMITS,
};

export function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'jamfor-oj-'));
}

export const SIP_TEXT = 'Finns en aktuell rutin för information om samordnad individuell plan (SIP)?';

/** A wide SIP_INFO mapping over three areas (Äldreomsorg, Hemlöshet, Ekonomiskt bistånd). */
export function sipMapping(extra: Record<string, unknown> = {}): OjMapping {
  return parseMapping(
    {
      year: 2018,
      layout: 'wide',
      publication: 'ÖJ 2018 test',
      question: { family: 'SIP_INFO', text: SIP_TEXT },
      columns: [
        { header: 'Äldreomsorg', areaCode: 'ALDREOMSORG' },
        { header: 'Hemlöshet', areaCode: 'HEMLOSHET' },
        { header: 'Ekonomiskt bistånd', areaCode: 'EKONOMISKT_BISTAND' },
      ],
      ...extra,
    },
    'test.mapping.json',
  );
}

export type CellInput = string | number | null | { value: unknown; numFmt?: string };

/** Writes a real .xlsx with exceljs; a `{ value, numFmt }` cell sets a number format. */
export async function writeXlsx(filePath: string, sheets: { name: string; rows: CellInput[][] }[]): Promise<void> {
  const workbook = new Workbook();
  for (const s of sheets) {
    const sheet = workbook.addWorksheet(s.name);
    s.rows.forEach((row, r) => {
      row.forEach((cell, c) => {
        if (cell === null) return;
        const target = sheet.getCell(r + 1, c + 1);
        if (typeof cell === 'object') {
          target.value = cell.value as never;
          if (cell.numFmt) target.numFmt = cell.numFmt;
        } else target.value = cell;
      });
    });
  }
  await workbook.xlsx.writeFile(filePath);
}

export interface ZipPart {
  name: string;
  compressed: Buffer;
  size: number;
  crc: number;
  /** Lie in the central directory: declare this uncompressed size instead of the real one. */
  declaredSize?: number;
}

export function deflatePart(name: string, text: string): ZipPart {
  const data = Buffer.from(text, 'utf8');
  return { name, compressed: deflateRawSync(data), size: data.length, crc: crc32(data) };
}

/** Deflates `head + unit × times + tail` as a stream, so the test never holds the expanded text. */
export async function deflateRepeated(
  name: string,
  head: string,
  unit: string,
  times: number,
  tail: string,
): Promise<ZipPart> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const ended = once(deflate, 'end');
  let size = 0;
  let crc = 0;
  const write = async (b: Buffer) => {
    size += b.length;
    crc = crc32(b, crc);
    if (!deflate.write(b)) await once(deflate, 'drain');
  };
  await write(Buffer.from(head));
  const chunk = Buffer.from(unit);
  for (let i = 0; i < times; i++) await write(chunk);
  await write(Buffer.from(tail));
  deflate.end();
  await ended;
  return { name, compressed: Buffer.concat(out), size, crc };
}

/** A minimal zip (APPNOTE 4.3): local headers, data, central directory, end record. */
export function buildZip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const declared = p.declaredSize ?? p.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(p.crc >>> 0, 14);
    local.writeUInt32LE(p.compressed.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, p.compressed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(p.crc >>> 0, 16);
    central.writeUInt32LE(p.compressed.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + p.compressed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

export const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>';
