#!/usr/bin/env node
/**
 * Fails on any import cycle between libs, and on any cycle between files (runtime imports; `import type` is
 * erased, so it cannot form one). eslint-plugin-boundaries checks each import on its own and cannot see cycles.
 * Specs and libs/testing are exempt, as in the boundary rules. `--graph` prints the lib dependency graph.
 */
const { existsSync, readdirSync, readFileSync, statSync } = require('node:fs');
const { dirname, join, relative, resolve } = require('node:path');

const ROOT = resolve(__dirname, '..');
const EXEMPT = [/\.spec\.ts$/, /\.e2e-spec\.ts$/, /^libs\/testing\//];

function sourceFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

const files = ['apps', 'libs']
  .flatMap((top) => readdirSync(join(ROOT, top)).map((name) => join(ROOT, top, name, 'src')))
  .flatMap(sourceFiles)
  .map((path) => relative(ROOT, path))
  .filter((path) => !EXEMPT.some((pattern) => pattern.test(path)));

/** Runtime imports of a file: `import … from`, `export … from`, side-effect imports, `import()` and `require()`; not `import type`. */
function importsOf(source) {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const specifiers = [];
  const statement = /(?:^|[;\n])\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/g;
  for (const match of code.matchAll(statement)) {
    const typeOnly = Boolean(match[2]) || /^\{\s*(type\s+[\w$]+\s*(as\s+[\w$]+\s*)?,?\s*)+\}$/.test(match[3]);
    if (!typeOnly) specifiers.push(match[4]);
  }
  for (const match of code.matchAll(/(?:^|[;\n])\s*import\s*['"]([^'"]+)['"]/g)) specifiers.push(match[1]);
  for (const match of code.matchAll(/\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g)) specifiers.push(match[1]);
  return specifiers;
}

function resolveFile(base) {
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) {
    if (existsSync(join(ROOT, candidate)) && statSync(join(ROOT, candidate)).isFile()) return candidate;
  }
  return null;
}

/** The repository file an import names, or null for a package. */
function resolveImport(from, specifier) {
  const alias = /^@meridian\/([^/]+)(\/.*)?$/.exec(specifier);
  if (alias) return resolveFile(join('libs', alias[1], 'src', alias[2] ?? ''));
  if (specifier.startsWith('.')) return resolveFile(relative(ROOT, resolve(ROOT, dirname(from), specifier)));
  return null;
}

const unitOf = (file) => file.split('/').slice(0, 2).join('/');

const fileGraph = new Map();
const libGraph = new Map();
for (const file of files) {
  const targets = importsOf(readFileSync(join(ROOT, file), 'utf8'))
    .map((specifier) => resolveImport(file, specifier))
    .filter((target) => target && !EXEMPT.some((pattern) => pattern.test(target)));
  fileGraph.set(file, new Set(targets));
  const unit = unitOf(file);
  if (!libGraph.has(unit)) libGraph.set(unit, new Set());
  for (const target of targets) if (unitOf(target) !== unit) libGraph.get(unit).add(unitOf(target));
}

/** Strongly connected components with more than one member, or a member importing itself (Tarjan). */
function cycles(graph) {
  let index = 0;
  const stack = [];
  const state = new Map();
  const found = [];
  const visit = (node) => {
    state.set(node, { index, low: index, onStack: true });
    index++;
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!state.has(next)) {
        visit(next);
        state.get(node).low = Math.min(state.get(node).low, state.get(next).low);
      } else if (state.get(next).onStack) {
        state.get(node).low = Math.min(state.get(node).low, state.get(next).index);
      }
    }
    if (state.get(node).low === state.get(node).index) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        state.get(member).onStack = false;
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || graph.get(node)?.has(node)) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

if (process.argv.includes('--graph')) {
  for (const [unit, targets] of [...libGraph].sort()) console.log(`${unit} → ${[...targets].sort().join(', ') || '∅'}`);
}

const libCycles = cycles(libGraph);
const fileCycles = cycles(fileGraph);
for (const cycle of libCycles) console.error(`Import cycle between libs: ${cycle.join(' ⇄ ')}`);
for (const cycle of fileCycles) console.error(`Import cycle between files: ${cycle.join(' ⇄ ')}`);
if (libCycles.length || fileCycles.length) {
  console.error('Break it with a port (an interface token the lower lib declares and the higher one provides) or by moving the shared piece down.');
  process.exit(1);
}
