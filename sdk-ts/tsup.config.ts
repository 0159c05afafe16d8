import { defineConfig } from 'tsup';

// One entry, built twice: ESM (index.js) and CommonJS (index.cjs), each with
// its own declarations (index.d.ts, index.d.cts) so both resolutions type-check.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  clean: true,
  splitting: false,
  treeshake: true,
});
