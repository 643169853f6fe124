// The helper's check of request params: what the CLI and the extension send passes, and a
// wrong type is named in one line before any handler runs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { paramsProblem } from '../../runtime-helper/rpc/paramShapes';

describe('request params', () => {
  test("what Berth's own clients send passes, extra fields included", () => {
    assert.equal(paramsProblem('hello', { clientName: 'berth-cli', protocolVersion: 1, env: { HOME: '/root' }, settings: {} }), undefined);
    assert.equal(paramsProblem('up', { workspaceFolder: '/w', removeExistingContainer: true, progressToken: 't', later: 1 }), undefined);
    assert.equal(paramsProblem('logs.subscribe', { composeProject: 'p', follow: true, tail: 100 }), undefined);
    assert.equal(paramsProblem('engine.status', {}), undefined);
  });

  test('a wrong, missing or non-finite value is named with what was expected and what came', () => {
    assert.equal(paramsProblem('up', null), 'the params of "up" must be an object, got null');
    assert.equal(paramsProblem('up', [1]), 'the params of "up" must be an object, got an array');
    assert.equal(paramsProblem('up', {}), `"up": 'workspaceFolder' must be a string, got nothing`);
    assert.equal(paramsProblem('up', { workspaceFolder: '/w', buildNoCache: 'yes' }), `"up": 'buildNoCache' must be a boolean, got the string "yes"`);
    assert.equal(paramsProblem('ports.add', { workspaceFolder: '/w', containerPort: null }), `"ports.add": 'containerPort' must be a finite number, got null`);
    assert.equal(paramsProblem('hello', { clientName: 'x', protocolVersion: 1, env: { A: 1 } }), `"hello": 'env' must be an object of strings, got an object`);
    assert.equal(paramsProblem('terminal.open', { workspaceFolder: '/w', cols: 80, rows: 24, command: 'sh' }), `"terminal.open": 'command' must be an array, got the string "sh"`);
  });
});
