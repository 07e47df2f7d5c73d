#!/usr/bin/env node
// The launcher passes a signal sent to it alone on to ktpl and dies of the same signal
// (an editor stopping its language server must not leave ktpl running).
//   node npm/test/signal.mjs node_modules/.bin/ktpl
import { spawn, execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const launcher = spawn(process.argv[2], ["lsp"], { stdio: ["pipe", "pipe", "inherit"] });
const fail = (message) => {
  process.stderr.write(`signal: ${message}\n`);
  process.exit(1);
};
setTimeout(() => fail("the launcher did not stop within 30 s"), 30_000).unref();

// ktpl answering `initialize` through the launcher proves the launcher is past its start
// (its signal handlers are set before ktpl can read a byte); signalling earlier would
// test node's start-up, not the launcher.
const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { capabilities: {} } });
launcher.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
await new Promise((resolve) => {
  let seen = "";
  launcher.stdout.on("data", (chunk) => {
    seen += chunk;
    if (seen.includes('"capabilities"')) resolve();
  });
});

// ktpl is the one process below the launcher whose name is ktpl (a wrapper between
// `node` and the launcher script, such as a version manager's shim, is looked through).
const children = (pid) => {
  try {
    return execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" }).split("\n").filter(Boolean).map(Number);
  } catch {
    return [];
  }
};
const name = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return "";
  }
};
const below = [];
for (let queue = children(launcher.pid); queue.length; ) {
  const pid = queue.shift();
  below.push(pid);
  queue.push(...children(pid));
}
const ktpl = below.find((pid) => name(pid) === "ktpl");
if (!ktpl) fail(`no ktpl process below the launcher (found ${below.map((p) => `${p}:${name(p)}`).join(", ") || "none"})`);

launcher.kill("SIGTERM");
const { code, signal } = await new Promise((resolve) =>
  launcher.on("exit", (code, signal) => resolve({ code, signal })),
);
if (signal !== "SIGTERM") fail(`the launcher exited with ${code ?? signal}, not SIGTERM`);
let alive = true;
try {
  process.kill(ktpl, 0);
} catch {
  alive = false;
}
if (alive) fail(`ktpl (pid ${ktpl}) is still running`);
process.stdout.write("signal: SIGTERM reached ktpl and the launcher died of it\n");
