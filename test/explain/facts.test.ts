import { describe, expect, it } from 'vitest';
import { coreFacts } from '../../src/explain/facts.js';
import { factText } from '../../src/report/facts.js';
import { dependency, pkg } from '../resolve/helpers.js';

describe('coreFacts', () => {
  it('says how many versions exist when none matches, in the right number', () => {
    const dep = dependency(['a', '^2']);
    const text = (versions: string[]) =>
      factText(
        coreFacts(
          [{ kind: 'candidates', dep, candidates: [] }],
          new Set(),
          () => versions.map((v) => pkg(`a@${v}`)),
          () => [],
        )[0]!,
      );
    expect(text(['1.0.0'])).toBe('no version of a matches ^2 (1 version exists, the newest is 1.0.0)');
    expect(text(['1.0.0', '1.1.0'])).toBe('no version of a matches ^2 (2 versions exist, the newest is 1.1.0)');
  });
});
