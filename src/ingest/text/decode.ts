import iconv from 'iconv-lite';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

/**
 * Decodes the bytes of a text file whose encoding is not declared. ÖJ CSV exports come as
 * UTF-8 with or without BOM or as Windows-1252 (Excel's "CSV (semikolonavgränsad)"), and
 * UTF-16 from "Unicode text": detected from the bytes, never assumed.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: buf.subarray(3).toString('utf8'), encoding: 'utf-8-bom' };
  }
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    return { text: iconv.decode(buf.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  }
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    return { text: iconv.decode(buf.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  }
  if (isValidUtf8(buf)) return { text: buf.toString('utf8'), encoding: 'utf-8' };
  return { text: iconv.decode(buf, 'windows-1252'), encoding: 'windows-1252' };
}

/** Strict UTF-8 check: Windows-1252 text with å/ä/ö is almost never valid UTF-8. */
function isValidUtf8(buf: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}

/**
 * UTF-8 read as Windows-1252 and saved again ("Ã¶" for "ö"): a sign of a file that was
 * double-encoded somewhere upstream. Callers reject such text rather than guess.
 */
export function looksLikeMojibake(text: string): boolean {
  return /Ã[¤¥¶…„–]|Ã\u0096|Ã\u0084|Ã\u0085/.test(text);
}
