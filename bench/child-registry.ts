import type { ChildProcess } from "node:child_process";

// Everything the bench starts is registered here, so that an error, Ctrl-C or a kill leaves
// no process running and no key behind.
const children = new Set<ChildProcess>();
const cleanups = new Set<() => Promise<void>>();
let installed = false;
let stopping = false;

export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once("exit", () => children.delete(child));
}

/** Every process the bench started that is still running. */
export function childPids(): number[] {
  return [...children].flatMap((child) => (child.pid ? [child.pid] : []));
}

/** Registers an async clean-up (e.g. deleting a Redis prefix); returns its unregister. */
export function onCleanup(cleanup: () => Promise<void>): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Kills every child still running, then runs every clean-up, each on its own. */
export async function cleanUpEverything(): Promise<void> {
  for (const child of children) child.kill("SIGKILL");
  for (const cleanup of [...cleanups]) {
    try {
      await cleanup();
    } catch (err) {
      process.stderr.write(`bench: clean-up failed: ${String(err)}\n`);
    }
  }
  cleanups.clear();
}

/** On SIGINT/SIGTERM: clean up, exit 130. On any exit: no child outlives the bench. */
export function installExitHandlers(): void {
  if (installed) return;
  installed = true;
  const stop = (signal: string) => {
    if (stopping) process.exit(130);
    stopping = true;
    process.stderr.write(`\nbench: ${signal}: stopping every process and deleting the bench's keys\n`);
    void cleanUpEverything().finally(() => process.exit(130));
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("exit", () => {
    for (const child of children) child.kill("SIGKILL");
  });
}
