// The specs whose generated output is kept as golden files, under tests/golden/<name>/<lang>/.
// `corpus` names a spec of tests/corpus/specs.json: another API's spec, unedited, fetched from
// its npm package into .corpus/ (scripts/corpus-fetch.mjs) rather than copied into this repository.
import { fetchSpec, loadManifest } from '../../scripts/corpus-fetch.mjs';

const corpusSpec = (id) => () => fetchSpec(loadManifest().specs.find((s) => s.id === id));

export const GOLDEN_SPECS = [
  { name: 'datalake', spec: () => 'spec/datalake.yaml' },
  { name: 'tricky', spec: () => 'tests/specs/fixtures/tricky/openapi.yaml' },
  { name: 'petstore', spec: corpusSpec('petstore-3.0') },
];
