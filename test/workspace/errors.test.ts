import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorkspace } from '../../src/workspace/index.js';
import { fixture, userError } from '../manifest/helpers.js';
import { ERROR_CASES } from './error-cases.js';

describe('manifests cargo refuses (fixtures/workspaces/errors)', () => {
  it.each(ERROR_CASES)('%s', (dir, manifest, file, line, message) => {
    const err = userError(() => loadWorkspace(fixture('errors', dir, manifest)));
    expect(err.message).toContain(message);
    expect(err.location?.file).toBe(path.join(fixture('errors', dir), file));
    expect(err.location?.line).toBe(line);
    expect(err.describe()).not.toMatch(/\n\s+at /);
  });
});
