/**
 * Compares two schemas (IR types) as one side of a call sees them. In a
 * response, what users read must keep its fields and types (a field removed or
 * retyped breaks them, one added does not); in a request body, what users send
 * must stay acceptable (a new required field, a type or an enum narrowed breaks
 * them). A named schema is followed once per side, and reported at its own pointer.
 */
import type { IR, IRProperty, IRType } from '../ir/types.js';
import { sameJson, type ChangeLog } from './changes.js';

export type Side = 'request' | 'response';

export interface TypeContext {
  readonly log: ChangeLog;
  readonly oldIr: IR;
  readonly newIr: IR;
  readonly side: Side;
  /** Named schemas already compared on this side (`side:old>new`): recursive schemas end. */
  readonly visited: Set<string>;
}

/** Where a value is: its pointer in each spec, and how a message names it. */
export interface Place {
  readonly oldPointer: string;
  readonly newPointer: string;
  readonly label: string;
}

const child = (place: Place, token: string, label: string): Place => ({
  oldPointer: `${place.oldPointer}/${token}`,
  newPointer: `${place.newPointer}/${token}`,
  label,
});

const escapeToken = (token: string) => token.replace(/~/g, '~0').replace(/\//g, '~1');

function withoutNull(type: IRType): { type: IRType; nullable: boolean } {
  if (type.kind !== 'union') return { type, nullable: type.kind === 'null' };
  const rest = type.variants.filter((v) => v.kind !== 'null');
  const nullable = rest.length < type.variants.length;
  if (rest.length === 1) return { type: rest[0]!, nullable };
  return { type: nullable ? { kind: 'union', variants: rest } : type, nullable };
}

/** A short, stable name of a type for messages and for comparing union variants. */
export function typeName(type: IRType): string {
  switch (type.kind) {
    case 'ref': return type.name;
    case 'array': return `array of ${typeName(type.items)}`;
    case 'union': return type.variants.map(typeName).join(' | ');
    case 'string': case 'integer': case 'number': return type.format ? `${type.kind} (${type.format})` : type.kind;
    default: return type.kind;
  }
}

function schemaOf(ir: IR, name: string) {
  return ir.schemas.find((s) => s.name === name);
}

const retypedRule = (side: Side) => (side === 'response' ? 'response-field-retyped' : 'request-field-retyped');

export function compareTypes(ctx: TypeContext, oldType: IRType, newType: IRType, place: Place): void {
  if (oldType.kind === 'ref' || newType.kind === 'ref') return compareRefs(ctx, oldType, newType, place);
  const before = withoutNull(oldType);
  const after = withoutNull(newType);
  if (before.nullable !== after.nullable) {
    // A response that may now be null breaks readers; a request that no longer takes null breaks senders.
    const narrows = ctx.side === 'response' ? after.nullable : before.nullable;
    if (narrows) ctx.log.breaking(retypedRule(ctx.side), place.newPointer, `${place.label} ${after.nullable ? 'may now be null' : 'no longer accepts null'}`);
    else ctx.log.minor('requirement-relaxed', place.newPointer, `${place.label} ${after.nullable ? 'now accepts null' : 'is never null any more'}`);
  }
  compareShapes(ctx, before.type, after.type, place);
}

function compareRefs(ctx: TypeContext, oldType: IRType, newType: IRType, place: Place): void {
  const oldSchema = oldType.kind === 'ref' ? schemaOf(ctx.oldIr, oldType.name) : undefined;
  const newSchema = newType.kind === 'ref' ? schemaOf(ctx.newIr, newType.name) : undefined;
  const key = `${ctx.side}:${oldType.kind === 'ref' ? oldType.name : ''}>${newType.kind === 'ref' ? newType.name : ''}`;
  if (ctx.visited.has(key)) return;
  ctx.visited.add(key);
  // A named schema is compared at its own pointers: once, however many operations reach it.
  const at: Place = {
    oldPointer: oldSchema?.pointer ?? place.oldPointer,
    newPointer: newSchema?.pointer ?? place.newPointer,
    label: newSchema ? `schema ${newSchema.name}` : place.label,
  };
  if (oldSchema && newSchema && oldSchema.description !== newSchema.description) {
    ctx.log.patch('description-changed', newSchema.pointer, `the description of schema ${newSchema.name} changed`);
  }
  if (oldSchema && newSchema && !sameJson(oldSchema.example, newSchema.example)) {
    ctx.log.patch('example-changed', newSchema.pointer, `the example of schema ${newSchema.name} changed`);
  }
  compareTypes(ctx, oldSchema ? oldSchema.type : oldType, newSchema ? newSchema.type : newType, at);
}

function compareShapes(ctx: TypeContext, oldType: IRType, newType: IRType, place: Place): void {
  if (oldType.kind !== newType.kind) return compareKinds(ctx, oldType, newType, place);
  if (oldType.kind === 'array' && newType.kind === 'array') {
    return compareTypes(ctx, oldType.items, newType.items, child(place, 'items', `the items of ${place.label}`));
  }
  if (oldType.kind === 'object' && newType.kind === 'object') return compareObjects(ctx, oldType, newType, place);
  if (oldType.kind === 'union' && newType.kind === 'union') return compareUnions(ctx, oldType.variants, newType.variants, place);
  if ((oldType.kind === 'string' || oldType.kind === 'integer' || oldType.kind === 'number') && oldType.kind === newType.kind) {
    const oldFormat = oldType.format ?? '';
    const newFormat = (newType as { format?: string }).format ?? '';
    if (oldFormat !== newFormat) {
      ctx.log.breaking(retypedRule(ctx.side), place.newPointer, `${place.label} changed format from ${oldFormat || 'none'} to ${newFormat || 'none'}`);
    }
  }
  if ((oldType.kind === 'string' || oldType.kind === 'integer') && oldType.kind === newType.kind) {
    compareEnums(ctx, oldType.enum, (newType as { enum?: readonly (string | number)[] }).enum, place);
  }
}

function compareKinds(ctx: TypeContext, oldType: IRType, newType: IRType, place: Place): void {
  // integer -> number widens what a request takes; number -> integer narrows what a response gives: both are safe.
  const widened = ctx.side === 'request' ? oldType.kind === 'integer' && newType.kind === 'number' : oldType.kind === 'number' && newType.kind === 'integer';
  const message = `${place.label} changed type from ${typeName(oldType)} to ${typeName(newType)}`;
  if (widened || oldType.kind === 'unknown') ctx.log.minor('requirement-relaxed', place.newPointer, message);
  else if (newType.kind === 'unknown' && ctx.side === 'request') ctx.log.minor('requirement-relaxed', place.newPointer, message);
  else ctx.log.breaking(retypedRule(ctx.side), place.newPointer, message);
}

function compareUnions(ctx: TypeContext, oldVariants: readonly IRType[], newVariants: readonly IRType[], place: Place): void {
  const before = new Set(oldVariants.map(typeName));
  const after = new Set(newVariants.map(typeName));
  const added = [...after].filter((v) => !before.has(v));
  const removed = [...before].filter((v) => !after.has(v));
  if (added.length === 0 && removed.length === 0) return;
  const message = `${place.label} changed from ${[...before].join(' | ')} to ${[...after].join(' | ')}`;
  // Readers must handle every variant a response may hold; senders must find theirs still accepted.
  const narrows = ctx.side === 'response' ? added.length > 0 : removed.length > 0;
  if (narrows) ctx.log.breaking(retypedRule(ctx.side), place.newPointer, message);
  else ctx.log.minor('requirement-relaxed', place.newPointer, message);
}

function compareEnums(ctx: TypeContext, oldEnum: readonly (string | number)[] | undefined, newEnum: readonly (string | number)[] | undefined, place: Place): void {
  if (oldEnum === undefined && newEnum === undefined) return;
  if (oldEnum === undefined || newEnum === undefined) {
    const limited = newEnum !== undefined;
    const narrows = ctx.side === 'request' ? limited : !limited;
    const message = `${place.label} ${limited ? `is now limited to ${newEnum.join(', ')}` : 'is no longer limited to a list of values'}`;
    if (narrows) ctx.log.breaking(ctx.side === 'request' ? 'enum-value-removed' : retypedRule(ctx.side), place.newPointer, message);
    else ctx.log.minor('requirement-relaxed', place.newPointer, message);
    return;
  }
  for (const value of oldEnum.filter((v) => !newEnum.includes(v))) {
    if (ctx.side === 'request') ctx.log.breaking('enum-value-removed', place.oldPointer, `${place.label} no longer takes ${JSON.stringify(value)}`);
    else ctx.log.minor('response-enum-value-removed', place.oldPointer, `${place.label} no longer holds ${JSON.stringify(value)}`);
  }
  for (const value of newEnum.filter((v) => !oldEnum.includes(v))) {
    ctx.log.minor('enum-value-added', place.newPointer, `${place.label} ${ctx.side === 'request' ? 'now takes' : 'may now hold'} ${JSON.stringify(value)}`);
  }
}

type ObjectType = Extract<IRType, { kind: 'object' }>;

function compareObjects(ctx: TypeContext, oldType: ObjectType, newType: ObjectType, place: Place): void {
  const oldProps = new Map(oldType.properties.map((p) => [p.name, p]));
  const newProps = new Map(newType.properties.map((p) => [p.name, p]));
  for (const [name, before] of oldProps) {
    const at = child(place, `properties/${escapeToken(name)}`, `field ${name} of ${place.label}`);
    const after = newProps.get(name);
    if (after === undefined) {
      // A response field removed breaks readers; a request field removed breaks typed senders.
      ctx.log.breaking(ctx.side === 'response' ? 'response-field-removed' : 'request-field-removed', at.oldPointer, `${at.label} was removed`);
      continue;
    }
    compareProperty(ctx, before, after, at);
  }
  for (const [name, after] of newProps) {
    if (oldProps.has(name)) continue;
    const at = child(place, `properties/${escapeToken(name)}`, `field ${name} of ${place.label}`);
    if (ctx.side === 'request' && after.required) ctx.log.breaking('request-field-required', at.newPointer, `${at.label} was added as required`);
    else ctx.log.minor(ctx.side === 'response' ? 'response-field-added' : 'request-field-added', at.newPointer, `${at.label} was added`);
  }
  const oldExtra = oldType.additionalProperties;
  const newExtra = newType.additionalProperties;
  if (oldExtra && newExtra) compareTypes(ctx, oldExtra, newExtra, child(place, 'additionalProperties', `the other fields of ${place.label}`));
  else if (oldExtra || newExtra) {
    const message = `${place.label} ${newExtra ? 'now allows' : 'no longer allows'} other fields`;
    const narrows = ctx.side === 'response' ? newExtra !== null : oldExtra !== null;
    if (narrows) ctx.log.breaking(retypedRule(ctx.side), place.newPointer, message);
    else ctx.log.minor('requirement-relaxed', place.newPointer, message);
  }
}

function compareProperty(ctx: TypeContext, before: IRProperty, after: IRProperty, at: Place): void {
  if (before.required !== after.required) {
    if (ctx.side === 'response') {
      if (after.required) ctx.log.minor('requirement-relaxed', at.newPointer, `${at.label} is now always present`);
      else ctx.log.breaking('response-field-retyped', at.newPointer, `${at.label} may now be missing`);
    } else if (after.required) ctx.log.breaking('request-field-required', at.newPointer, `${at.label} is now required`);
    else ctx.log.minor('requirement-relaxed', at.newPointer, `${at.label} is now optional`);
  }
  if (before.description !== after.description) ctx.log.patch('description-changed', at.newPointer, `the description of ${at.label} changed`);
  if (!sameJson(before.example, after.example)) ctx.log.patch('example-changed', at.newPointer, `the example of ${at.label} changed`);
  if (!before.deprecated && after.deprecated) ctx.log.minor('deprecated', at.newPointer, `${at.label} is now deprecated`);
  compareTypes(ctx, before.type, after.type, at);
}
