/** Where the bundled spec, templates and default outputs are, wherever bdgen is run from. */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

export const PROJECT_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const BUNDLED_SPEC = resolve(PROJECT_ROOT, 'spec/datalake.yaml');
export const BUILT_IN_TEMPLATES = resolve(PROJECT_ROOT, 'templates');
