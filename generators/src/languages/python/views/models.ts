/** `models.py`: the spec's schemas as TypedDicts and type aliases. */
import type { IRType } from '../../../ir/types.js';
import type { Context } from '../context.js';
import { dunderAllOrder } from '../ruff-order.js';
import { pyComment, pyDocstring, pyString, type DocSection } from '../doc.js';
import { isPyFieldName } from '../naming.js';
import { modelRef } from '../params.js';
import { typingImport } from '../sections.js';
import { pyType } from '../types.js';

function mentionsRef(type: IRType): boolean {
  switch (type.kind) {
    case 'ref':
      return true;
    case 'array':
      return mentionsRef(type.items);
    case 'union':
      return type.variants.some(mentionsRef);
    case 'object':
      return type.properties.some((p) => mentionsRef(p.type)) || (type.additionalProperties !== null && mentionsRef(type.additionalProperties));
    default:
      return false;
  }
}

export function modelsView(ctx: Context) {
  const { ir, names } = ctx;
  const ref = modelRef(ctx);
  const annotations: string[] = [];
  const typing = new Set<string>();
  const models = ir.schemas.map((schema) => {
    const name = names.model.get(schema.name)!;
    const type = schema.type;
    const summary = schema.description || `The ${schema.name} schema of the spec.`;
    if (type.kind === 'object' && type.properties.length > 0) {
      typing.add('TypedDict');
      const fields = type.properties.map((p) => {
        const annotation = pyType(p.type, ref);
        annotations.push(annotation);
        if (!p.required) typing.add('NotRequired');
        // Evaluated when the class is built (no `from __future__ import annotations`, which
        // would hide NotRequired from TypedDict's __required_keys__): only names of schemas,
        // which may come later or be recursive, are quoted.
        const evaluable = mentionsRef(p.type) ? pyString(annotation) : annotation;
        return { key: p.name, type: annotation, annotation: p.required ? evaluable : `NotRequired[${evaluable}]`, required: p.required, description: p.description };
      });
      const attributes: DocSection = {
        title: 'Attributes',
        entries: fields.map((f) => ({ head: `${f.key} : ${f.type}${f.required ? '' : ', optional'}`, text: f.description })),
      };
      if (fields.every((f) => isPyFieldName(f.key))) {
        return {
          classSyntax: {
            name,
            docstring: pyDocstring(summary, undefined, [attributes], '    '),
            fields: fields.map((f) => `    ${f.key}: ${f.annotation}`).join('\n'),
          },
          functionalSyntax: false,
          alias: false,
        };
      }
      // Keys that are keywords or not identifiers (`class`, `two words`) need the functional syntax.
      const entries = fields.map((f) => `${pyString(f.key)}: ${f.annotation}`);
      return {
        classSyntax: false,
        functionalSyntax: {
          name,
          comment: pyComment(`${summary}\nKeys: ${fields.map((f) => `${f.key} (${f.annotation})`).join(', ')}.`),
          definition: `${name} = TypedDict(${pyString(name)}, {${entries.join(', ')}})`,
        },
        alias: false,
      };
    }
    typing.add('TypeAlias');
    const annotation = pyType(type, ref);
    annotations.push(annotation);
    return {
      classSyntax: false,
      functionalSyntax: false,
      alias: {
        name,
        value: mentionsRef(type) ? pyString(annotation) : annotation,
        docstring: pyDocstring(summary, undefined, []),
      },
    };
  });
  return {
    docstring: pyDocstring(`The schemas of ${ir.info.title}, as typed dictionaries and aliases.`, 'Responses are plain ``dict`` objects; these types tell type checkers and editors what keys they have.', []),
    // `format: path` fields are `str | os.PathLike[str]`: evaluated when the class is built, so os is imported.
    stdlibImports: [annotations.some((a) => a.includes('os.PathLike')) ? 'import os' : '', typingImport(annotations, [...typing])].filter(Boolean).join('\n'),
    all: dunderAllOrder(ir.schemas.map((s) => names.model.get(s.name)!)).map((n) => `    ${pyString(n)},`).join('\n'),
    models,
  };
}
