// The tools offered to a model in tools mode: OpenAI function definitions whose parameters are
// well-formed JSON Schema (checked node by node), every tool present, columns listed from the profile.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toolDefinitions, TOOL_NAMES, type JsonSchema } from '../../electron/core/tools';
import { profileFor } from '../support/run-analyst';

const SALES = path.resolve(__dirname, '..', '..', '..', 'shared', 'datasets', 'sales.csv');
const TYPES = new Set(['object', 'array', 'string', 'number', 'integer', 'boolean']);
const KEYS = new Set([
  'type',
  'description',
  'enum',
  'properties',
  'required',
  'items',
  'anyOf',
  'minimum',
  'maximum',
  'minItems',
  'additionalProperties',
]);

/** What is wrong with a schema node (and its children), as paths; [] when well-formed. */
function schemaProblems(s: JsonSchema, at = '$'): string[] {
  const out: string[] = [];
  for (const k of Object.keys(s)) if (!KEYS.has(k)) out.push(`${at}: unknown keyword ${k}`);
  if (s.type !== undefined && !TYPES.has(s.type)) out.push(`${at}: bad type ${String(s.type)}`);
  if (s.type === undefined && !s.anyOf) out.push(`${at}: neither type nor anyOf`);
  if (s.enum !== undefined) {
    if (!s.enum.length) out.push(`${at}: empty enum`);
    if (new Set(s.enum).size !== s.enum.length) out.push(`${at}: repeated enum value`);
    const t = s.type === 'integer' || s.type === 'number' ? 'number' : 'string';
    if (s.enum.some((v) => typeof v !== t)) out.push(`${at}: enum value not of its type`);
  }
  if (s.type === 'object') {
    if (!s.properties) out.push(`${at}: object without properties`);
    for (const r of s.required ?? [])
      if (!s.properties?.[r]) out.push(`${at}: required ${r} is not a property`);
    for (const [k, v] of Object.entries(s.properties ?? {})) out.push(...schemaProblems(v, `${at}.${k}`));
  } else if (s.properties || s.required) out.push(`${at}: properties on a non-object`);
  if (s.type === 'array') {
    if (!s.items) out.push(`${at}: array without items`);
    else out.push(...schemaProblems(s.items, `${at}[]`));
  } else if (s.items) out.push(`${at}: items on a non-array`);
  s.anyOf?.forEach((a, i) => out.push(...schemaProblems(a, `${at}|${i}`)));
  return out;
}

describe('tool definitions', () => {
  it('the checker finds a broken schema (it can fail)', () => {
    expect(schemaProblems({ type: 'object', properties: { a: { type: 'array' } }, required: ['b'] })).toEqual(
      ['$: required b is not a property', '$.a: array without items'],
    );
    expect(schemaProblems({ type: 'string', enum: [] })).toEqual(['$: empty enum']);
  });

  for (const profile of [undefined, profileFor(SALES)]) {
    it(`every tool is there, as a function with well-formed parameters (${profile ? 'with' : 'without'} a profile)`, () => {
      const defs = toolDefinitions(profile);
      expect(defs.map((d) => d.function.name)).toEqual([...TOOL_NAMES]);
      expect(TOOL_NAMES).toEqual([
        'profile',
        'aggregate',
        'top_n',
        'trend',
        'distribution',
        'correlation',
        'count_rows',
        'chart',
      ]);
      for (const d of defs) {
        expect(d.type).toBe('function');
        expect(d.function.description.length).toBeGreaterThan(20);
        expect(d.function.parameters.type).toBe('object');
        expect(d.function.parameters.additionalProperties).toBe(false);
        expect(schemaProblems(d.function.parameters)).toEqual([]);
        // what the API receives is plain JSON
        expect(JSON.parse(JSON.stringify(d))).toEqual(d);
      }
    });
  }

  it('takes the parameters the issue lists, required as listed', () => {
    const params = Object.fromEntries(
      toolDefinitions().map((d) => [
        d.function.name,
        [Object.keys(d.function.parameters.properties ?? {}), d.function.parameters.required],
      ]),
    );
    expect(params).toEqual({
      profile: [[], []],
      aggregate: [
        ['measure', 'agg', 'by', 'filters'],
        ['measure', 'agg'],
      ],
      top_n: [
        ['measure', 'by', 'n', 'agg', 'ascending', 'filters'],
        ['measure', 'by', 'n', 'agg'],
      ],
      trend: [
        ['measure', 'date_column', 'period', 'agg', 'filters'],
        ['measure', 'date_column', 'period', 'agg'],
      ],
      distribution: [['measure', 'bins', 'filters'], ['measure']],
      correlation: [['columns'], []],
      count_rows: [['filters'], []],
      chart: [
        ['kind', 'x', 'y', 'agg', 'filters', 'title'],
        ['kind', 'x', 'y'],
      ],
    });
    const agg = toolDefinitions()[1]?.function.parameters.properties?.agg;
    expect(agg?.enum).toEqual(['sum', 'mean', 'median', 'min', 'max', 'count', 'nunique']);
    const filter = toolDefinitions()[1]?.function.parameters.properties?.filters?.items;
    expect(filter?.properties?.op?.enum).toEqual([
      '==',
      '!=',
      '<',
      '<=',
      '>',
      '>=',
      'in',
      'between',
      'contains',
    ]);
    expect(filter?.required).toEqual(['column', 'op', 'value']);
  });

  it("lists the file's columns as enums (numeric and date columns where only those fit)", () => {
    const defs = toolDefinitions(profileFor(SALES));
    const props = (name: string) =>
      defs.find((d) => d.function.name === name)?.function.parameters.properties ?? {};
    expect(props('aggregate').by?.enum).toEqual(['date', 'product', 'region', 'revenue', 'units']);
    expect(props('distribution').measure?.enum).toEqual(['revenue', 'units']);
    expect(props('trend').date_column?.enum).toEqual(['date']);
    expect(props('count_rows').filters?.items?.properties?.column?.enum).toEqual([
      'date',
      'product',
      'region',
      'revenue',
      'units',
    ]);
    // without a profile: any name
    expect(toolDefinitions()[1]?.function.parameters.properties?.by?.enum).toBeUndefined();
  });
});
