#!/usr/bin/env node
// The launcher passes a signal sent to it alone on to ktpl and dies of the same signal
// (an editor stopping its language server must not leave ktpl running).
//   node npm/test/signal.mjs node_modules/.bin/ktpl
import { spawn, execFileSync } from "node:child_process";

const launcher = spawn(process.argv[2], ["lsp"], { stdio: ["pipe", "pipe", "inherit"] });
const fail = (message) => {
  process.stderr.write(`signal: ${message}\n`);
  process.exit(1);
};
setTimeout(() => fail("the launcher did not stop within 20 s"), 20_000).unref();

// Wait until the launcher has started ktpl (a child process of node).
let ktpl = "";
for (let i = 0; i < 200 && !ktpl; i++) {
  await new Promise((resolve) => setTimeout(resolve, 50));
  try {
    ktpl = execFileSync("pgrep", ["-P", String(launcher.pid)], { encoding: "utf8" }).trim();
  } catch {
    // not started yet
  }
}
if (!ktpl) fail("ktpl never started");
launcher.kill("SIGTERM");
const { code, signal } = await new Promise((resolve) =>
  launcher.on("exit", (code, signal) => resolve({ code, signal })),
);
if (signal !== "SIGTERM") fail(`the launcher exited with ${code ?? signal}, not SIGTERM`);
let alive = true;
try {
  process.kill(Number(ktpl), 0);
} catch {
  alive = false;
}
if (alive) fail(`ktpl (pid ${ktpl}) is still running`);
process.stdout.write("signal: SIGTERM reached ktpl and the launcher died of it\n");
