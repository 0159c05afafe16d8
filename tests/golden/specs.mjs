// The specs whose generated output is kept as golden files, under tests/golden/<name>/<lang>/.
export const GOLDEN_SPECS = [
  { name: 'datalake', spec: 'spec/datalake.yaml' },
  { name: 'tricky', spec: 'tests/specs/fixtures/tricky/openapi.yaml' },
];
