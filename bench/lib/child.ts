import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** Forks a compiled bench script (a sibling of this folder's parent) with IPC. */
export function forkBench(script: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  return fork(path.join(__dirname, '..', script), args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** Resolves with the first message matching `done`; rejects on an error message or an early exit. */
export function untilMessage<T>(
  child: ChildProcess,
  done: (m: unknown) => m is T,
  onOther?: (m: unknown) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    child.on('message', (m) => {
      if (done(m)) resolve(m);
      else if (m && typeof m === 'object' && (m as { kind?: string }).kind === 'error')
        reject(new Error((m as { message: string }).message));
      else onOther?.(m);
    });
    child.once('exit', (code) =>
      reject(new Error(`${path.basename(String(child.spawnfile))} exited with ${code} before finishing`)),
    );
  });
}
