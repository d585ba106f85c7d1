#!/usr/bin/env node
// A long-lived sandboxed runner for generated CAD code (worker/sandbox/ starts a pool of these).
//
// Protocol: JSON lines over stdin/stdout, one request, then one response, in order.
//   -> {"id": 7, "code": "var g = CSG.cube();", "timeout_ms": 5000, "max_output_bytes": 33554432}
//   <- {"id": 7, "ok": true, "polygons": 6, "variable": "g", "elapsed_ms": 1.2,
//       "vertices": [x, y, z, ...], "triangles": [i, j, k, ...]}
//   <- {"id": 7, "ok": false, "error": {"kind": "syntax", "message": "...", "line": 1, "column": 9}}
// On start it prints {"ready": true} once, so the pool knows the runner is warm.
//
// Each run gets a fresh vm context in which csg.js itself is evaluated, so every object the code
// can reach belongs to that context: no host object (and so no host Function constructor) is
// handed in. The context has no require, process, module, Buffer, fetch or timers. Node is
// started by the C++ side with --disallow-code-generation-from-strings (so neither the context's
// nor any reachable Function constructor compiles strings), --no-expose-wasm, a small heap, an
// address-space rlimit, an empty environment and a temporary working directory. The host never
// touches a value from the context: the solid is found, triangulated and serialised by a script
// that runs inside the context under the same timeout, and only the resulting string crosses.
'use strict';

const fs = require('fs');
const path = require('path');
const readline = require('readline');
const vm = require('vm');
const { topLevelNames } = require('./top_level_names');

const CSG_PATH = path.join(__dirname, 'node_modules', 'csg', 'csg.js');
const csgScript = new vm.Script(fs.readFileSync(CSG_PATH, 'utf8'), { filename: 'csg.js' });

const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_MAX_OUTPUT = 32 * 1024 * 1024;

function send(object) {
  process.stdout.write(JSON.stringify(object) + '\n');
}

// A context holding only the ECMAScript built-ins and csg.js's CSG. The original CSG is kept in a
// non-writable, non-configurable slot so that code replacing `CSG` cannot fool the solid finder.
function freshContext() {
  const context = vm.createContext(Object.create(null), {
    codeGeneration: { strings: false, wasm: false },
  });
  vm.runInContext('globalThis.module = { exports: {} };', context);
  csgScript.runInContext(context);
  // Both slots are non-configurable, so code cannot turn them into accessors that would run
  // when the host stores the completion value (outside the vm timeout).
  vm.runInContext(
    'delete globalThis.module;' +
      "Object.defineProperty(globalThis, '__genx3d_CSG', { value: CSG });" +
      "Object.defineProperty(globalThis, '__genx3d_completion', { value: undefined, " +
      'writable: true });',
    context);
  return context;
}

// Runs inside the context (its source is injected): finds the solid, welds its vertices and
// fan-triangulates its polygons (csg.js polygons are convex). Returns a JSON string.
function extractSolid(values, names, completion) {
  var Solid = globalThis.__genx3d_CSG;
  var solid = null;
  var variable = null;
  for (var i = 0; i < values.length; i++) {
    if (values[i] instanceof Solid) {
      solid = values[i];
      variable = names[i];
    }
  }
  if (!solid && completion instanceof Solid) solid = completion;
  if (!solid) return JSON.stringify({ ok: false, kind: 'no_solid' });
  var polygons = solid.toPolygons();
  var index = new Map();
  var vertices = [];
  var triangles = [];
  var q = function (v) { return Math.round(v * 1e6) / 1e6; };
  var vertexId = function (p) {
    var x = q(p.x), y = q(p.y), z = q(p.z);
    var key = x + ',' + y + ',' + z;
    var id = index.get(key);
    if (id === undefined) {
      id = vertices.length / 3;
      index.set(key, id);
      vertices.push(x, y, z);
    }
    return id;
  };
  for (var p = 0; p < polygons.length; p++) {
    var ids = polygons[p].vertices.map(function (v) { return vertexId(v.pos); });
    for (var t = 1; t + 1 < ids.length; t++) {
      var a = ids[0], b = ids[t], c = ids[t + 1];
      if (a !== b && b !== c && a !== c) triangles.push(a, b, c);
    }
  }
  return JSON.stringify({ ok: true, polygons: polygons.length, variable: variable,
                          vertices: vertices, triangles: triangles });
}

function extractionSource(names) {
  const getters = names.map(
    (n) => '(function () { try { return ' + n + '; } catch (e) { return undefined; } })()');
  return '(' + extractSolid.toString() + ')([' + getters.join(',') + '], ' +
         JSON.stringify(names) + ', globalThis.__genx3d_completion)';
}

// "model.js:3" (syntax errors) or "model.js:3:14" (stack frames) -> {line, column}.
function locate(err) {
  const stack = typeof err.stack === 'string' ? err.stack : '';
  const frame = /model\.js:(\d+):(\d+)/.exec(stack);
  if (frame) return { line: Number(frame[1]), column: Number(frame[2]) };
  const head = /model\.js:(\d+)\n[^\n]*\n(\s*)\^/.exec(stack);
  if (head) return { line: Number(head[1]), column: head[2].length + 1 };
  const line = /model\.js:(\d+)/.exec(stack);
  return line ? { line: Number(line[1]) } : {};
}

function describe(err, stage) {
  // A thrown non-Error (throw 42, or an object from the context) is only turned into text here.
  let message;
  try {
    message = err && typeof err.message === 'string' ? err.message : String(err);
  } catch (e) {
    message = 'the code threw a value that cannot be shown';
  }
  let kind = stage;
  if (err && err.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') kind = 'timeout';
  else if (err && err.name === 'SyntaxError' && stage === 'compile') kind = 'syntax';
  let where = {};
  try { where = locate(err); } catch (e) { where = {}; }
  const name = err && typeof err.name === 'string' ? err.name + ': ' : '';
  return Object.assign({ kind, message: kind === 'timeout' ? message : name + message }, where);
}

function run(request) {
  const started = process.hrtime.bigint();
  const timeout = Number.isInteger(request.timeout_ms) && request.timeout_ms > 0
    ? request.timeout_ms : DEFAULT_TIMEOUT_MS;
  const code = typeof request.code === 'string' ? request.code : '';
  if (code.trim() === '') return { ok: false, error: { kind: 'no_code', message: 'no code' } };

  let script;
  try {
    script = new vm.Script(code, { filename: 'model.js' });
  } catch (err) {
    return { ok: false, error: describe(err, 'compile') };
  }
  const context = freshContext();
  let extracted;
  try {
    context.__genx3d_completion = script.runInContext(context, { timeout });
  } catch (err) {
    return { ok: false, error: describe(err, 'runtime') };
  }
  try {
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    extracted = vm.runInContext(extractionSource(topLevelNames(code)), context,
                                { timeout: Math.max(1, Math.ceil(timeout - elapsed)) });
  } catch (err) {
    return { ok: false, error: describe(err, 'runtime') };
  }
  if (typeof extracted !== 'string') {
    return { ok: false, error: { kind: 'runtime', message: 'the solid could not be read' } };
  }
  return finish(JSON.parse(extracted), started);
}

function finish(result, started) {
  if (!result.ok) {
    return { ok: false, error: { kind: 'no_solid', message:
      'the code ran but no top-level variable holds a CSG solid' } };
  }
  if (result.polygons === 0) {
    return { ok: false, error: { kind: 'empty', message: 'the solid is empty (no polygons)' } };
  }
  result.elapsed_ms = Number(process.hrtime.bigint() - started) / 1e6;
  return result;
}

function handle(line) {
  let request;
  try {
    request = JSON.parse(line);
  } catch (err) {
    send({ id: null, ok: false, error: { kind: 'protocol', message: 'bad request line' } });
    return;
  }
  let response;
  try {
    response = run(request);
  } catch (err) {
    response = { ok: false, error: describe(err, 'runtime') };
  }
  response.id = request.id;
  let text = JSON.stringify(response);
  const limit = Number.isInteger(request.max_output_bytes) ? request.max_output_bytes
                                                           : DEFAULT_MAX_OUTPUT;
  if (text.length > limit) {
    text = JSON.stringify({ id: request.id, ok: false, error: { kind: 'output_too_large',
      message: 'the solid is too large to return (' + text.length + ' bytes of mesh, limit ' +
               limit + ')' } });
  }
  process.stdout.write(text + '\n');
}

function main() {
  const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  input.on('line', handle);
  input.on('close', () => process.exit(0));
  send({ ready: true, node: process.version });
}

main();
