import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Runs `work` holding `<outDir>.lock` (mkdir is atomic), so two builds into one dist/ (the
 * bench and `npm run server` started together, two engineers on one tree) take turns. A lock
 * whose holder has died is taken over.
 */
export async function withBuildLock<T>(
  outDir: string,
  work: () => Promise<T>,
  timeoutMs = 120_000,
): Promise<T> {
  const lock = `${outDir}.lock`;
  const deadline = Date.now() + timeoutMs;
  mkdirSync(dirname(lock), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(`${lock}/pid`, String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      let holder = NaN;
      try {
        holder = Number(readFileSync(`${lock}/pid`, "utf8"));
      } catch {
        // Just made, its pid not yet written: wait for it.
      }
      if (Number.isInteger(holder) && !alive(holder)) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`another build holds ${lock}; remove it if none runs`);
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
