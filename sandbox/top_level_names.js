// Names declared by top-level `var`, `let` and `const` statements, in source order: the solid an
// answer means is the last of them that holds a CSG. A small scanner instead of a parser (used by
// runner.js): it skips comments, strings and template literals and tracks bracket
// depth, which is all generated code needs. Only identifiers come out, so the runner may splice
// them into a script.
'use strict';

function topLevelNames(code) {
  const names = [];
  let depth = 0;
  let i = 0;
  const n = code.length;
  const isIdentStart = (c) => /[A-Za-z_$]/.test(c);
  const isIdent = (c) => /[A-Za-z0-9_$]/.test(c);
  while (i < n) {
    const c = code[i];
    const next = code[i + 1];
    if (c === '/' && next === '/') {
      while (i < n && code[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = code.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === '"' || c === "'" || c === '`') {
      i++;
      while (i < n && code[i] !== c) i += code[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '{' || c === '(' || c === '[') {
      depth++;
      i++;
    } else if (c === '}' || c === ')' || c === ']') {
      depth = Math.max(0, depth - 1);
      i++;
    } else if (isIdentStart(c) && (i === 0 || !isIdent(code[i - 1]))) {
      let j = i;
      while (j < n && isIdent(code[j])) j++;
      const word = code.slice(i, j);
      if (depth === 0 && (word === 'var' || word === 'let' || word === 'const')) {
        let k = j;
        while (k < n && /\s/.test(code[k])) k++;
        let e = k;
        while (e < n && isIdent(code[e])) e++;
        if (e > k && isIdentStart(code[k])) names.push(code.slice(k, e));
        i = e;
      } else {
        i = j;
      }
    } else {
      i++;
    }
  }
  return names;
}

module.exports = { topLevelNames };
