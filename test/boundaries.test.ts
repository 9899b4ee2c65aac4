import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const DEPCRUISE = join(ROOT, "node_modules/.bin/depcruise");
/** What `npm run lint` runs (checked below), from the directory to check. */
const CHECK = ["--config", ".dependency-cruiser.mjs", "."];

/** Runs the boundary check in `cwd`; never throws, a violation is an exit code. */
function depcruise(cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [DEPCRUISE, ...CHECK], { cwd }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/**
 * Forbidden imports, planted in a scratch copy of the project's layout (never in the working
 * tree, so nothing is left behind and test files running beside this one see nothing).
 */
const PLANTED: Record<string, string> = {
  // The contract reaching into the server.
  "protocol/__planted.ts": `import { x } from "../server/__planted-target.js";\nexport const y = x;\n`,
  "server/__planted-target.ts": `export const x = 1;\n`,
  // The browser SDK importing a Node built-in.
  "client-sdk/__planted.ts": `import { readFileSync } from "node:fs";\nexport const read = readFileSync;\n`,
  // The HTTP layer writing the log itself (the one write path is publish/'s).
  "server/__planted-writer.ts": `import { w } from "../article-log/write.js";\nexport const v = w;\n`,
  "article-log/write.ts": `export const w = 1;\n`,
  // A two-file loop.
  "platform/__planted-a.ts": `import { b } from "./__planted-b.js";\nexport const a = () => b;\n`,
  "platform/__planted-b.ts": `import { a } from "./__planted-a.js";\nexport const b = () => a;\n`,
};

describe("import boundaries (dependency-cruiser)", () => {
  it("npm run lint runs the boundary check on the whole tree", async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.lint).toContain(`depcruise ${CHECK.join(" ")}`);
    expect(pkg.scripts.test).toContain("npm run lint");
  });

  it("fails on a planted forbidden import or loop, naming the rule", { timeout: 120_000 }, async () => {
    const scratch = await mkdtemp(join(tmpdir(), "herald-boundaries-"));
    try {
      for (const config of [".dependency-cruiser.mjs", "tsconfig.base.json"])
        await copyFile(join(ROOT, config), join(scratch, config));
      for (const [path, source] of Object.entries(PLANTED)) {
        await mkdir(join(scratch, dirname(path)), { recursive: true });
        await writeFile(join(scratch, path), source);
      }
      const { code, output } = await depcruise(scratch);
      expect(code).not.toBe(0);
      expect(output).toContain(
        "error protocol-imports-no-project-code: protocol/__planted.ts → server/__planted-target.ts",
      );
      expect(output).toContain(
        "error isomorphic-code-imports-no-node-builtins: client-sdk/__planted.ts → fs",
      );
      expect(output).toContain(
        "error server-writes-no-log: server/__planted-writer.ts → article-log/write.ts",
      );
      expect(output).toMatch(
        /error no-cycles: platform\/__planted-[ab]\.ts → \n?\s*platform\/__planted-[ab]\.ts/,
      );
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });

  it("passes on the real tree: no loops, no upward arrows", { timeout: 120_000 }, async () => {
    const { code, output } = await depcruise(ROOT);
    expect(output).toContain("no dependency violations found");
    expect(code).toBe(0);
  });
});
