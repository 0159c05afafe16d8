/**
 * What the golden files hold: each spec's generated output per language,
 * except the files an emitter copies verbatim from its runtime (its runtime
 * folder and the shared files it ships). Those are tested where they live; a
 * copy per spec here would only repeat them.
 */
import { compileSpec, emitAll, targetRuntime } from '../../generators/src/generate.js';
import { LANGUAGES, type LanguageId } from '../../generators/src/languages/index.js';
import type { OutputPlan } from '../../generators/src/write/write-files.js';

export async function goldenPlan(name: string, spec: string, language: LanguageId): Promise<OutputPlan> {
  const { outputs } = await emitAll(await compileSpec(spec), { languages: [language], outDir: `tests/golden/${name}` });
  const plan = outputs[0]!.plan;
  const verbatim = new Set(targetRuntime(LANGUAGES[language]).values());
  return { ...plan, files: plan.files.filter((file) => !verbatim.has(file.contents)) };
}
