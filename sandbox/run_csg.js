#!/usr/bin/env node
// Runs generated CAD code (JavaScript on the csg.js API) and reports what solid it made.
//
//   node sandbox/run_csg.js [--timeout-ms N] < code.js
//
// Prints exactly one JSON line and exits 0 either way:
//   {"ok": true, "polygons": N, "bbox": {"min": [x, y, z], "max": [x, y, z]}, "variable": "myGear"}
//   {"ok": false, "error": "..."}
//
// The solid is the value of the last top-level variable (var, let or const) that holds a CSG
// instance; if there is none, the value of the script's last expression when that is a CSG.
//
// This is a test harness, not a security boundary: Node's vm module isolates globals, not
// resources. The context holds only CSG (plus the built-ins every context has, Math among them),
// code generation from strings is disabled, and a timeout stops runaway loops.
'use strict';

const vm = require('vm');
const path = require('path');
const { topLevelNames } = require('./top_level_names');

const DEFAULT_TIMEOUT_MS = 20000;

function report(result) {
  process.stdout.write(JSON.stringify(result) + '\n');
}

function loadCsg() {
  try {
    return require(path.join(__dirname, 'node_modules', 'csg'));
  } catch (err) {
    throw new Error('csg.js is not installed: run `npm install --prefix sandbox --no-audit ' +
                    '--no-fund` (' + err.message + ')');
  }
}

function parseTimeout(argv) {
  const i = argv.indexOf('--timeout-ms');
  if (i < 0) return DEFAULT_TIMEOUT_MS;
  const value = Number(argv[i + 1]);
  return Number.isInteger(value) && value > 0 ? value : DEFAULT_TIMEOUT_MS;
}

function boundingBox(polygons) {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (const polygon of polygons) {
    for (const vertex of polygon.vertices) {
      const p = [vertex.pos.x, vertex.pos.y, vertex.pos.z];
      for (let axis = 0; axis < 3; axis++) {
        if (p[axis] < min[axis]) min[axis] = p[axis];
        if (p[axis] > max[axis]) max[axis] = p[axis];
      }
    }
  }
  const round = (v) => Math.round(v * 1e6) / 1e6;  // hide float noise such as 1e-15
  return { min: min.map(round), max: max.map(round) };
}

function run(code, timeoutMs) {
  const CSG = loadCsg();
  const context = vm.createContext({ CSG: CSG },
                                   { codeGeneration: { strings: false, wasm: false } });
  const completion = vm.runInContext(code, context, { timeout: timeoutMs, filename: 'model.js' });

  let solid = null;
  let variable = null;
  for (const name of topLevelNames(code)) {
    // let/const live in the context's global lexical scope, so read them with a second script.
    const value = vm.runInContext('typeof ' + name + ' === "undefined" ? undefined : ' + name,
                                  context, { timeout: timeoutMs });
    if (value instanceof CSG) {
      solid = value;
      variable = name;
    }
  }
  if (!solid && completion instanceof CSG) solid = completion;
  if (!solid) {
    return { ok: false, error: 'the code ran but no top-level variable holds a CSG solid' };
  }
  const polygons = solid.toPolygons();
  if (polygons.length === 0) return { ok: false, error: 'the solid is empty (no polygons)' };
  const result = { ok: true, polygons: polygons.length, bbox: boundingBox(polygons) };
  if (variable) result.variable = variable;
  return result;
}

function main() {
  const chunks = [];
  process.stdin.on('data', (chunk) => chunks.push(chunk));
  process.stdin.on('end', () => {
    const code = Buffer.concat(chunks).toString('utf8');
    try {
      report(code.trim() === '' ? { ok: false, error: 'no code on standard input' }
                                : run(code, parseTimeout(process.argv)));
    } catch (err) {
      const message = err && err.message ? err.message : String(err);
      report({ ok: false, error: message });
    }
    process.exitCode = 0;
  });
}

main();
