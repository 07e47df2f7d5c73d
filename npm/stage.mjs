#!/usr/bin/env node
// Lays out the npm package of one platform, ready for `npm pack` / `npm publish`:
//   node npm/stage.mjs --target x86_64-unknown-linux-gnu --binary target/release/ktpl --out DIR
// prints the folder it wrote, DIR/<package>, as an absolute path (`npm pack a/b` would
// fetch GitHub's a/b). First it checks that the launcher (npm/ktpl/package.json) has the
// crate's version and names every platform of platforms.json at that version, so a
// release cannot ship mismatched packages.
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    target: { type: "string" },
    binary: { type: "string" },
    out: { type: "string" },
  },
});

function fail(message) {
  process.stderr.write(`stage: ${message}\n`);
  process.exit(1);
}

const cargo = readFileSync(join(here, "..", "Cargo.toml"), "utf8");
const version = /\[workspace\.package\][^[]*?\nversion = "([^"]+)"/.exec(cargo)?.[1];
if (!version) fail("no [workspace.package] version in Cargo.toml");
const { platforms } = JSON.parse(readFileSync(join(here, "platforms.json"), "utf8"));
const launcher = JSON.parse(readFileSync(join(here, "ktpl", "package.json"), "utf8"));
if (launcher.version !== version) {
  fail(`npm/ktpl/package.json has version ${launcher.version}; Cargo.toml has ${version}`);
}
const wanted = Object.fromEntries(platforms.map((p) => [p.package, version]));
if (JSON.stringify(launcher.optionalDependencies) !== JSON.stringify(wanted)) {
  fail(`npm/ktpl/package.json's optionalDependencies must be ${JSON.stringify(wanted)}`);
}
if (!values.target && !values.binary && !values.out) {
  process.stdout.write(`npm packages agree on version ${version}\n`);
  process.exit(0);
}

const platform = platforms.find((p) => p.target === values.target);
if (!platform) fail(`--target must be one of: ${platforms.map((p) => p.target).join(", ")}`);
if (!values.binary || !values.out) fail("give --binary PATH and --out DIR");
const exe = platform.os === "win32" ? "ktpl.exe" : "ktpl";
const folder = resolve(values.out, platform.package.replace("/", "-").replace("@", ""));
rmSync(folder, { recursive: true, force: true });
mkdirSync(folder, { recursive: true });
copyFileSync(values.binary, join(folder, exe));
chmodSync(join(folder, exe), 0o755);
const manifest = {
  name: platform.package,
  version,
  description: `The ktpl binary for ${platform.target} (installed by the \`ktpl\` package)`,
  license: launcher.license,
  os: [platform.os],
  cpu: [platform.cpu],
  ...(platform.libc ? { libc: [platform.libc] } : {}),
  files: [exe],
  preferUnplugged: true,
};
writeFileSync(join(folder, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
writeFileSync(
  join(folder, "README.md"),
  `# ${platform.package}\n\nThe \`ktpl\` binary for ${platform.target}. Install \`ktpl\`, not this package:\nnpm picks the package for your machine.\n`,
);
process.stdout.write(`${folder}\n`);
