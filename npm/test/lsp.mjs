#!/usr/bin/env node
// One language-server session over stdio through the given command, as an editor holds
// it: initialize, open a template with a misspelt field, wait for its diagnostic,
// shutdown, exit. Fails (exit 1) on anything else, or after 30 seconds.
//   node npm/test/lsp.mjs node_modules/.bin/ktpl lsp
import { spawn } from "node:child_process";

const [command, ...args] = process.argv.slice(2);
const server = spawn(command, args, { stdio: ["pipe", "pipe", "inherit"] });
const timer = setTimeout(() => fail("no answer within 30 s"), 30_000);

function fail(message) {
  process.stderr.write(`lsp round trip: ${message}\n`);
  server.kill();
  process.exit(1);
}

function send(message) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...message }), "utf8");
  server.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  server.stdin.write(body);
}

// Splits the server's output into messages (Content-Length framing) for `waiting`.
let buffer = Buffer.alloc(0);
const waiting = [];
server.stdout.on("data", (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const end = buffer.indexOf("\r\n\r\n");
    if (end < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())?.[1]);
    if (buffer.length < end + 4 + length) return;
    const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString("utf8"));
    buffer = buffer.subarray(end + 4 + length);
    const index = waiting.findIndex((w) => w.test(message));
    if (index >= 0) waiting.splice(index, 1)[0].resolve(message);
  }
});
const next = (test) => new Promise((resolve) => waiting.push({ test, resolve }));
const exited = new Promise((resolve) => server.on("exit", (code, signal) => resolve({ code, signal })));

const uri = "file:///tmp/order.ktpl";
send({ id: 1, method: "initialize", params: { processId: process.pid, rootUri: null, capabilities: {} } });
const initialized = await next((m) => m.id === 1);
if (!initialized.result?.capabilities) fail(`initialize answered ${JSON.stringify(initialized)}`);
send({ method: "initialized", params: {} });
send({
  method: "textDocument/didOpen",
  params: {
    textDocument: { uri, languageId: "ktpl", version: 1, text: 'text {\n  text "hi"\n  titel "x"\n  link "https://example.com"\n}\n' },
  },
});
const published = await next(
  (m) => m.method === "textDocument/publishDiagnostics" && m.params.uri === uri && m.params.diagnostics.length > 0,
);
const codes = published.params.diagnostics.map((d) => d.code);
if (!codes.includes("ktpl::compile::unknown_field")) fail(`diagnostics: ${JSON.stringify(codes)}`);
send({ id: 2, method: "shutdown" });
const shutdown = await next((m) => m.id === 2);
if (shutdown.result !== null) fail(`shutdown answered ${JSON.stringify(shutdown)}`);
send({ method: "exit" });
const { code, signal } = await exited;
clearTimeout(timer);
if (code !== 0) fail(`the server exited with ${code ?? signal}`);
process.stdout.write(`lsp round trip: ${codes.join(", ")} at line ${published.params.diagnostics[0].range.start.line + 1}; clean exit\n`);
