/**
 * What the golden files hold: each spec's generated output per language,
 * except the files an emitter copies verbatim from its template folder (a
 * hand-written runtime). Those are tested where they live; a copy per spec
 * here would only repeat them.
 */
import { compileSpec, emitAll } from '../../generators/src/generate.js';
import { loadTemplates } from '../../generators/src/emit/templates.js';
import type { LanguageId } from '../../generators/src/languages.js';
import { BUILT_IN_TEMPLATES } from '../../generators/src/paths.js';
import type { OutputPlan } from '../../generators/src/write/write-files.js';

export async function goldenPlan(name: string, spec: string, language: LanguageId): Promise<OutputPlan> {
  const { outputs } = await emitAll(await compileSpec(spec), { languages: [language], outDir: `tests/golden/${name}` });
  const plan = outputs[0]!.plan;
  const verbatim = new Set(loadTemplates(language, BUILT_IN_TEMPLATES).statics.values());
  return { ...plan, files: plan.files.filter((file) => !verbatim.has(file.contents)) };
}
