/**
 * What the golden files hold: each spec's generated output per language,
 * except the files an emitter copies verbatim from its runtime folder (a
 * hand-written runtime). Those are tested where they live; a copy per spec
 * here would only repeat them.
 */
import { compileSpec, emitAll } from '../../generators/src/generate.js';
import { resolve } from 'node:path';
import { loadRuntime } from '../../generators/src/emit/templates.js';
import { LANGUAGES, type LanguageId } from '../../generators/src/languages/index.js';
import { PROJECT_ROOT } from '../../generators/src/paths.js';
import type { OutputPlan } from '../../generators/src/write/write-files.js';

export async function goldenPlan(name: string, spec: string, language: LanguageId): Promise<OutputPlan> {
  const { outputs } = await emitAll(await compileSpec(spec), { languages: [language], outDir: `tests/golden/${name}` });
  const plan = outputs[0]!.plan;
  const runtimeDir = LANGUAGES[language].runtimeDir;
  const verbatim = new Set(runtimeDir ? loadRuntime(resolve(PROJECT_ROOT, runtimeDir)).values() : []);
  return { ...plan, files: plan.files.filter((file) => !verbatim.has(file.contents)) };
}
