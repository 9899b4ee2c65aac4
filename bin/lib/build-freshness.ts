import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  ASSET_EXTENSIONS,
  BUILD_INFO,
  BUILD_INPUTS,
  NODE_FOLDERS,
  NOT_BUILD_INPUTS,
} from "./build-layout.js";

export interface BuildInfo {
  /** SHA-256 over every input's path and content (sourceHash). */
  sourceHash: string;
  builtAt: string;
  node: string;
}

const INPUT_FILE = new RegExp(`(\\.ts|${ASSET_EXTENSIONS.map((e) => `\\${e}`).join("|")})$`);

function inputFiles(root: string): string[] {
  const files: string[] = [];
  for (const entry of [...NODE_FOLDERS, ...BUILD_INPUTS]) {
    const path = join(root, entry);
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      continue;
    }
    if (!isDir) files.push(entry);
    else
      for (const file of readdirSync(path, { recursive: true, encoding: "utf8" }))
        if (INPUT_FILE.test(file) && !NOT_BUILD_INPUTS.some((p) => join(entry, file).startsWith(p)))
          files.push(join(entry, file));
  }
  return files.sort();
}

/**
 * A digest of everything a build reads. By content, not by modification time: a checkout, a
 * copy or a touch that leaves the sources as they were does not force a rebuild, and an edit
 * always does. About 20 ms for the whole tree.
 */
export function sourceHash(root: string): string {
  const hash = createHash("sha256");
  for (const file of inputFiles(root)) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

export function readBuildInfo(outDir: string): BuildInfo | null {
  try {
    const info = JSON.parse(readFileSync(join(outDir, BUILD_INFO), "utf8")) as Partial<BuildInfo>;
    return typeof info.sourceHash === "string" ? (info as BuildInfo) : null;
  } catch {
    return null;
  }
}

/** True when `outDir` holds a complete build of the sources as they are now. */
export function isFresh(root: string, outDir: string, hash = sourceHash(root)): boolean {
  return readBuildInfo(outDir)?.sourceHash === hash;
}
