import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InputError, formatDiagnostic } from '../../src/core/diagnostics.ts';
import {
  parseYamlDocument,
  renderPath,
  zodIssuesToDiagnostics,
  type LocatedDocument,
} from '../../src/core/yaml-source.ts';
import { loadYamlFile } from '../../src/core/read-file.ts';

// A miniature chain model, standing in for the real schema: strict objects, nested arrays, unions, bounds.
const Capacity = z.union([
  z.object({ servers: z.number().int().min(1).max(500), throughput: z.number().positive().optional() }).strict(),
  z.object({ unlimited: z.literal(true) }).strict(),
]);
const Stage = z
  .object({
    id: z.string().min(1),
    kind: z.enum(['queue', 'delay', 'exit']),
    capacity: Capacity,
    leadTimeDays: z.union([z.number().nonnegative(), z.literal('none')]),
    routes: z.array(z.object({ to: z.string(), share: z.number().min(0).max(1) }).strict()).min(1),
  })
  .strict();
const Model = z.object({ name: z.string(), start: z.iso.date(), stages: z.array(Stage).min(1) }).strict();

/** Parses `text` as model.yaml against `schema` and returns the formatted diagnostics. */
function check(schema: z.ZodType, text: string, withSchema = true): string[] {
  const doc = parseYamlDocument(text, 'model.yaml');
  const result = schema.safeParse(doc.value);
  if (result.success) return [];
  return zodIssuesToDiagnostics(result.error.issues, doc, withSchema ? schema : undefined).map(formatDiagnostic);
}

/** The diagnostics of an InputError thrown by `action`, formatted. */
function thrownDiagnostics(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).diagnostics.map(formatDiagnostic);
  }
  throw new Error('expected an InputError');
}

const BROKEN_MODEL = `name: test chain
start: 2024-02-30
stages:
  - id: registration
    kind: qeue
    capacity:
      sevrers: 3
    leadTimeDays: ten
    routes:
      - to: procedure
        share: 1.5
  - id: procedure
    kind: delay
    capacity:
      servers: 2.5
    leadTimeDays: -1
    routes: []
    extra: yes
  - id: ""
    capacity: {}
    routes:
      - { to: x, share: 0.5, weight: 2 }
`;

describe('zodIssuesToDiagnostics', () => {
  it('reports every problem of a file at once, sorted by position, as file:line:col: path: message', () => {
    expect(check(Model, BROKEN_MODEL)).toEqual([
      'model.yaml:2:8: start: must be an existing date written as YYYY-MM-DD, got the string "2024-02-30"',
      'model.yaml:5:11: stages[0].kind: must be one of "queue", "delay", "exit", got the string "qeue" (did you mean "queue"?)',
      'model.yaml:7:7: stages[0].capacity.sevrers: unknown field "sevrers" (did you mean "servers"?); allowed fields: servers, throughput, unlimited',
      'model.yaml:8:19: stages[0].leadTimeDays: expected a number or "none", got the string "ten"',
      'model.yaml:11:16: stages[0].routes[0].share: must be at most 1, got the number 1.5',
      'model.yaml:15:16: stages[1].capacity.servers: expected a whole number, got the number 2.5',
      'model.yaml:16:19: stages[1].leadTimeDays: must be at least 0, got the number -1',
      'model.yaml:17:13: stages[1].routes: must have at least 1 item, got 0',
      'model.yaml:18:5: stages[1].extra: unknown field "extra"; allowed fields: capacity, id, kind, leadTimeDays, routes',
      'model.yaml:19:5: stages[2].kind: missing required field "kind" (expected one of "queue", "delay", "exit")',
      'model.yaml:19:5: stages[2].leadTimeDays: missing required field "leadTimeDays" (expected a number or "none")',
      'model.yaml:19:9: stages[2].id: must not be empty',
      'model.yaml:20:15: stages[2].capacity: does not match any allowed form: either missing required field "servers" (expected a number), or missing required field "unlimited" (expected true)',
      'model.yaml:22:30: stages[2].routes[0].weight: unknown field "weight"; allowed fields: share, to',
    ]);
  });

  it('points an unknown field at the key itself and, without the schema, still names it', () => {
    const text =
      'name: x\nstart: 2024-01-01\nstages:\n  - id: a\n    kind: exit\n    capacity:\n      servers: 2\n      sevrers: 3\n    leadTimeDays: 1\n    routes: [{ to: b, share: 1 }]\n';
    expect(check(Model, text, false)).toEqual([
      'model.yaml:8:7: stages[0].capacity.sevrers: unknown field "sevrers"; check its spelling, or remove it',
    ]);
    expect(check(Model, text)).toEqual([
      'model.yaml:8:7: stages[0].capacity.sevrers: unknown field "sevrers" (did you mean "servers"?); allowed fields: servers, throughput',
    ]);
  });

  it('gives each of several unknown keys in one mapping its own diagnostic', () => {
    const schema = z.object({ a: z.number() }).strict();
    expect(check(schema, 'a: 1\nbb: 2\ncc: 3\n')).toEqual([
      'model.yaml:2:1: bb: unknown field "bb"; allowed fields: a',
      'model.yaml:3:1: cc: unknown field "cc"; allowed fields: a',
    ]);
  });

  it('says what type was expected and what was received', () => {
    const schema = z
      .object({ n: z.number(), s: z.string(), b: z.boolean(), l: z.array(z.number()), m: z.object({}) })
      .strict();
    expect(check(schema, 'n: ten\ns: 3\nb: "yes"\nl: 4\nm: [1]\n')).toEqual([
      'model.yaml:1:4: n: expected a number, got the string "ten"',
      'model.yaml:2:4: s: expected text, got the number 3',
      'model.yaml:3:4: b: expected true or false, got the string "yes"',
      'model.yaml:4:4: l: expected a list, got the number 4',
      'model.yaml:5:4: m: expected a mapping of fields, got a list of 1 item',
    ]);
  });

  it('reports an empty value as empty, not as missing', () => {
    expect(check(z.object({ n: z.number() }), 'n:\n')).toEqual([
      'model.yaml:1:3: n: expected a number, got an empty value',
    ]);
  });

  it('states the bound that was crossed, exclusive or inclusive', () => {
    const schema = z.object({
      rate: z.number().positive(),
      share: z.number().lt(1),
      names: z.array(z.string()).max(2),
    });
    expect(check(schema, 'rate: 0\nshare: 1\nnames: [a, b, c]\n')).toEqual([
      'model.yaml:1:7: rate: must be greater than 0, got the number 0',
      'model.yaml:2:8: share: must be less than 1, got the number 1',
      'model.yaml:3:8: names: must have at most 2 items, got 3',
    ]);
  });

  it('lists the allowed values of a discriminated union and suggests the nearest', () => {
    const schema = z.object({
      distribution: z.discriminatedUnion('type', [
        z.object({ type: z.literal('exponential'), meanDays: z.number() }).strict(),
        z.object({ type: z.literal('fixed'), days: z.number() }).strict(),
      ]),
    });
    expect(check(schema, 'distribution:\n  type: exponentail\n  meanDays: 3\n')).toEqual([
      'model.yaml:2:9: distribution.type: must be one of "exponential", "fixed", got the string "exponentail" (did you mean "exponential"?)',
    ]);
    expect(check(schema, 'distribution:\n  type: fixed\n  days: x\n')).toEqual([
      'model.yaml:3:9: distribution.days: expected a number, got the string "x"',
    ]);
  });

  it('follows the union branch the value fits best', () => {
    expect(check(z.object({ capacity: Capacity }), 'capacity:\n  servers: 0\n')).toEqual([
      'model.yaml:2:12: capacity.servers: must be at least 1, got the number 0',
    ]);
  });

  it('locates an invalid record key at the key and explains the rule', () => {
    const schema = z.object({ placesPerMunicipality: z.record(z.string().regex(/^GM\d{4}$/), z.number()) });
    expect(check(schema, 'placesPerMunicipality:\n  GM0014: 10\n  Groningen: 5\n')).toEqual([
      'model.yaml:3:3: placesPerMunicipality.Groningen: "Groningen" is not allowed as a name here: must match the pattern /^GM\\d{4}$/',
    ]);
  });

  it('keeps messages written by the schema author', () => {
    const schema = z.object({
      shares: z
        .array(z.number())
        .refine((s) => Math.abs(s.reduce((a, b) => a + b, 0) - 1) < 1e-9, 'shares must add up to 1'),
      servers: z.number().min(1, 'a stage needs at least one server'),
    });
    expect(check(schema, 'shares: [0.5, 0.4]\nservers: 0\n')).toEqual([
      'model.yaml:1:9: shares: shares must add up to 1',
      'model.yaml:2:10: servers: a stage needs at least one server',
    ]);
  });

  it('reports an empty document as one problem at the top', () => {
    expect(check(Model, '')).toEqual(['model.yaml:1:1: expected a mapping of fields, got an empty value']);
  });
});

describe('parseYamlDocument', () => {
  it('gives the document as plain values', () => {
    const doc = parseYamlDocument('a: 1\nb: [x, y]\nc: { d: true }\n', 'f.yaml');
    expect(doc.value).toEqual({ a: 1, b: ['x', 'y'], c: { d: true } });
    expect(doc.file).toBe('f.yaml');
  });

  it('locates values, keys, and for a missing key the mapping that lacks it', () => {
    const doc: LocatedDocument = parseYamlDocument('stages:\n  - id: a\n    capacity:\n      servers: 3\n', 'f.yaml');
    expect(doc.locate([])).toEqual({ line: 1, col: 1 });
    expect(doc.locate(['stages', 0, 'capacity', 'servers'])).toEqual({ line: 4, col: 16 });
    expect(doc.locateKey(['stages', 0, 'capacity', 'servers'])).toEqual({ line: 4, col: 7 });
    expect(doc.locate(['stages', 0, 'capacity', 'unlimited'])).toEqual({ line: 4, col: 7 });
    expect(doc.locate(['stages', 5, 'id'])).toEqual({ line: 2, col: 3 });
    expect(doc.locate(['stages', 0, 'id', 'deeper'])).toEqual({ line: 2, col: 9 });
  });

  it('locates through an alias to its anchor', () => {
    const doc = parseYamlDocument('base: &b\n  servers: 3\nstage:\n  capacity: *b\n', 'f.yaml');
    expect(doc.value).toEqual({ base: { servers: 3 }, stage: { capacity: { servers: 3 } } });
    expect(doc.locate(['stage', 'capacity', 'servers'])).toEqual({ line: 2, col: 12 });
  });

  it('rejects duplicate keys, naming the field and where it was first given', () => {
    expect(thrownDiagnostics(() => parseYamlDocument('a: 1\nb:\n  x: 1\n  x: 2\na: 3\n', 'f.yaml'))).toEqual([
      'f.yaml:4:3: b.x: duplicate field "x" (first given on line 3); keep only one of the two',
      'f.yaml:5:1: a: duplicate field "a" (first given on line 1); keep only one of the two',
    ]);
  });

  it('locates every syntax error and says how to fix it', () => {
    expect(thrownDiagnostics(() => parseYamlDocument('a: b: c\n\tx: 1\n', 'f.yaml'))).toEqual([
      'f.yaml:1:4: nested mappings are not allowed in compact mappings (after "name:" on one line there can be only a value; put nested fields on their own indented lines, or quote text that contains ": ")',
      'f.yaml:2:1: tabs are not allowed as indentation (indent with spaces; YAML does not allow tabs)',
    ]);
  });

  it('points an unclosed quote at its opening and an unclosed bracket at its line', () => {
    expect(thrownDiagnostics(() => parseYamlDocument('name: "intake\nnext: 1\n', 'f.yaml'))).toEqual([
      'f.yaml:1:7: the quoted text started here is never closed; add the closing "',
    ]);
    expect(thrownDiagnostics(() => parseYamlDocument('a: 1\nb: [1, 2\nc: 3\n', 'f.yaml'))).toEqual([
      'f.yaml:3:1: the list started with "[" on line 2 is not closed with "]" (lines inside it must also be indented more than its field name)',
    ]);
  });

  it('rejects an alias without an anchor and a second document', () => {
    expect(thrownDiagnostics(() => parseYamlDocument('a: *nope\n', 'f.yaml'))).toEqual([
      'f.yaml:1:4: unknown alias "*nope": define the anchor "&nope" earlier in the file, or remove the alias',
    ]);
    expect(thrownDiagnostics(() => parseYamlDocument('a: 1\n---\nb: 2\n', 'f.yaml'))).toEqual([
      'f.yaml:2:1: the file holds more than one YAML document (a line "---" starts another one); keep one document per file',
    ]);
  });

  it('reads a one-line file without a final newline', () => {
    expect(parseYamlDocument('a: 1', 'f.yaml').locate(['a'])).toEqual({ line: 1, col: 4 });
  });
});

describe('loadYamlFile', () => {
  it('reads a file from disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'doorstroom-yaml-'));
    const path = join(dir, 'model.yaml');
    writeFileSync(path, '\uFEFFname: chain\n');
    const doc = loadYamlFile(path);
    expect(doc.value).toEqual({ name: 'chain' });
    expect(doc.file).toBe(path);
  });

  it('turns a missing file into a diagnostic without a stack trace', () => {
    const path = join(tmpdir(), 'doorstroom-does-not-exist', 'model.yaml');
    expect(thrownDiagnostics(() => loadYamlFile(path))).toEqual([
      `${path}:1:1: cannot read file: ENOENT: no such file or directory (check the path)`,
    ]);
  });

  it('says a folder is not a file', () => {
    expect(thrownDiagnostics(() => loadYamlFile(tmpdir()))).toEqual([
      `${tmpdir()}:1:1: cannot read file: this is a folder; give the path of a file in it`,
    ]);
  });
});

describe('renderPath', () => {
  it('writes indices in brackets, names with dots, and quotes names that are not plain', () => {
    expect(renderPath(['stages', 2, 'capacity', 'servers'])).toBe('stages[2].capacity.servers');
    expect(renderPath(['places', 'Den Haag'])).toBe('places["Den Haag"]');
    expect(renderPath([])).toBe('');
    expect(renderPath([0, 'a'])).toBe('[0].a');
  });
});
