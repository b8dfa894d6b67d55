import { getNamedType, getNullableType, isCompositeType, isListType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/schema';

describe('list caps', () => {
  it('declares a cap on every plain list of objects (connections and id lists are counted otherwise)', () => {
    const schema = buildSchema();
    const missing: string[] = [];
    const declared: Record<string, unknown> = {};
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      const isConnection = 'edges' in type.getFields() && 'pageInfo' in type.getFields();
      for (const field of Object.values(type.getFields())) {
        if (!isListType(getNullableType(field.type)) || !isCompositeType(getNamedType(field.type))) continue;
        if (isConnection && (field.name === 'edges' || field.name === 'nodes')) continue;
        if (field.args.some((arg) => arg.name === 'ids')) continue;
        const cap = (field.extensions as { listCap?: unknown }).listCap;
        if (typeof cap !== 'number' || cap < 1) missing.push(`${type.name}.${field.name}`);
        else declared[`${type.name}.${field.name}`] = cap;
      }
    }
    expect(missing).toEqual([]);
    // The examples are among them.
    expect(Object.keys(declared)).toEqual(
      expect.arrayContaining([
        'Actor.mentions',
        'Meeting.participants',
        'Meeting.evidence',
        'Proposal.stances',
      ]),
    );
  });
});
