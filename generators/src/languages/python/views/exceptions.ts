/** `exceptions.py`: one exception class per kind of the spec's `x-bd-errors`. */
import { ownsBaseException, pyBaseException, RUNTIME_BASE_EXCEPTION, RUNTIME_NEUTRAL_EXCEPTION } from '../brand.js';
import { importLine, type Context } from '../context.js';
import { dunderAllOrder } from '../ruff-order.js';
import { pyDocstring, pyString } from '../doc.js';
import { pyExceptionMixin } from '../naming.js';

const CARRIES = 'which carries ``kind``, ``status``, ``problem`` (RFC 9457 problem details), ``request_id``, ``attempts``, ``invalid_params``, ``retry_after`` and ``reason``.';

export function exceptionsView(ctx: Context) {
  const { ir, names } = ctx;
  const base = pyBaseException(ir);
  const classes = ir.errors.map((error) => {
    const name = names.exception.get(error.kind)!;
    const mixin = pyExceptionMixin(error.kind);
    const when = [
      error.statuses.length > 0 ? `HTTP status ${error.statuses.join(', ')}` : '',
      error.bigqueryReasons.length > 0 ? `BigQuery reason ${error.bigqueryReasons.map((r) => `\`\`${r}\`\``).join(', ')}` : '',
    ].filter(Boolean);
    return {
      name,
      bases: mixin ? `${base}, ${mixin}` : base,
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
      `All derive from :class:\`${base}\`, ${CARRIES}`,
      [],
    ),
    runtimeImport: importLine('._runtime.errors', [ownsBaseException(ir) ? RUNTIME_NEUTRAL_EXCEPTION : RUNTIME_BASE_EXCEPTION, 'InvalidParam']),
    base: ownsBaseException(ir)
      ? { name: base, parent: RUNTIME_NEUTRAL_EXCEPTION, docstring: pyDocstring(`The base class of every error of ${ir.brand.name}: catch it for any failure.`, undefined, [], '    ') }
      : false,
    all: dunderAllOrder([base, 'InvalidParam', ...classes.map((c) => c.name)]).map((n) => `    ${pyString(n)},`).join('\n'),
    classes,
  };
}
