/**
 * eslint-module-utils resolver (interface v2) for the `@meridian/<lib>` aliases of tsconfig.json, so that
 * eslint-plugin-boundaries sees which lib a import reaches. Everything else goes to the node resolver.
 * (eslint-import-resolver-typescript would do this too; it is not a dependency.)
 */
const { existsSync, statSync } = require('node:fs');
const { join, resolve } = require('node:path');
const nodeResolver = require('eslint-import-resolver-node');

const ROOT = resolve(__dirname, '..');

function existingFile(base) {
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

exports.interfaceVersion = 2;

exports.resolve = (source, file, config) => {
  const alias = /^@meridian\/([^/]+)(\/.*)?$/.exec(source);
  if (alias) {
    const path = existingFile(join(ROOT, 'libs', alias[1], 'src', alias[2] ?? ''));
    return path ? { found: true, path } : { found: false };
  }
  if (source.startsWith('.')) {
    const path = existingFile(resolve(file, '..', source));
    if (path) return { found: true, path };
  }
  return nodeResolver.resolve(source, file, { extensions: ['.ts', '.js', '.json'], ...config });
};
