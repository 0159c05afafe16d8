#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx's loader: no build step
// between editing the generator and running it.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
await main(process.argv);
