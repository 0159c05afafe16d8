/** `exceptions.py`: one exception class per kind of the spec's `x-bd-errors`. */
import type { Context } from '../context.js';
import { dunderAllOrder } from '../ruff-order.js';
import { pyDocstring, pyString } from '../doc.js';
import { pyExceptionMixin } from '../naming.js';

export function exceptionsView(ctx: Context) {
  const { ir, names } = ctx;
  const classes = ir.errors.map((error) => {
    const name = names.exception.get(error.kind)!;
    const mixin = pyExceptionMixin(error.kind);
    const when = [
      error.statuses.length > 0 ? `HTTP status ${error.statuses.join(', ')}` : '',
      error.bigqueryReasons.length > 0 ? `BigQuery reason ${error.bigqueryReasons.map((r) => `\`\`${r}\`\``).join(', ')}` : '',
    ].filter(Boolean);
    return {
      name,
      bases: mixin ? `BaseDosDadosException, ${mixin}` : 'BaseDosDadosException',
      docstring: pyDocstring(
        error.description || `An error of kind ${error.kind}.`,
        [
          when.length > 0 ? `Raised for ${when.join('; ')} (the spec's \`x-bd-errors\`).` : 'Raised by the runtime itself (the spec\'s `x-bd-errors`).',
          mixin ? `Also a :class:\`${mixin}\`, so \`\`except ${mixin}\`\` catches it.` : '',
        ].filter(Boolean).join('\n'),
        [],
        '    ',
      ),
      kind: pyString(error.kind),
    };
  });
  return {
    docstring: pyDocstring(
      `The exceptions of ${ir.info.title}, one per kind of the spec's \`x-bd-errors\`.`,
      'All derive from :class:`BaseDosDadosException`, which carries ``kind``, ``status``, ``problem`` (RFC 9457 problem details), ``request_id``, ``attempts``, ``invalid_params``, ``retry_after`` and ``reason``.',
      [],
    ),
    all: dunderAllOrder(['BaseDosDadosException', 'InvalidParam', ...classes.map((c) => c.name)]).map((n) => `    ${pyString(n)},`).join('\n'),
    classes,
  };
}
