import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RolePasswords } from './roles.js';

/**
 * The embedded server's role passwords, generated once per installation and kept beside its
 * data directory, readable by the owner only (0600). Every process that opens the same data
 * directory — `npm start`, a CLI ingest beside it, a restart after a crash — reads the same
 * file, so each connects as its role instead of falling back to the superuser.
 */
export function embeddedRolePasswords(dataDir: string): RolePasswords {
  const file = rolePasswordFile(dataDir);
  if (existsSync(file)) {
    // Someone may have loosened it by hand; the passwords are only as private as this file.
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<RolePasswords>;
    if (typeof stored.api !== 'string' || typeof stored.ingest !== 'string' || !stored.api || !stored.ingest) {
      throw new Error(`${file} does not hold the api and ingest role passwords; remove it to generate new ones`);
    }
    return { api: stored.api, ingest: stored.ingest };
  }
  const passwords: RolePasswords = { api: generate(), ingest: generate() };
  mkdirSync(path.dirname(file), { recursive: true });
  // 'wx': two processes starting at once must not overwrite each other's passwords.
  try {
    writeFileSync(file, `${JSON.stringify(passwords, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return embeddedRolePasswords(dataDir);
    throw error;
  }
  return passwords;
}

/** `<data dir>.role-passwords.json`: beside the PostgreSQL data directory, not inside it (initdb wants it empty). */
export function rolePasswordFile(dataDir: string): string {
  return path.join(path.dirname(dataDir), `${path.basename(dataDir)}.role-passwords.json`);
}

function generate(): string {
  return randomBytes(24).toString('base64url');
}
