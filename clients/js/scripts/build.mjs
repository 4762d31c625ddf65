// Builds dist/herald-client.js (one ES module, no dependencies) and its type declarations (dist/types).
// With --size, prints the size of the minified bundle, raw and gzipped, instead.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';

const common = { entryPoints: ['src/index.ts'], bundle: true, format: 'esm', target: 'es2022', platform: 'neutral' };

if (process.argv.includes('--size')) {
  const result = await build({ ...common, minify: true, write: false });
  const code = result.outputFiles[0].contents;
  console.log(`herald-client minified: ${code.length} bytes, minified+gzipped: ${gzipSync(code, { level: 9 }).length} bytes`);
} else {
  rmSync('dist', { recursive: true, force: true });
  await build({ ...common, outfile: 'dist/herald-client.js', legalComments: 'none' });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', '.', '--emitDeclarationOnly', '--outDir', 'dist/types'], { stdio: 'inherit' });
}
