import fc from 'fast-check';

/**
 * Small numbers and a handful of identifiers, so that random versions and comparators collide
 * often enough to exercise the equal-prefix branches, plus the odd large number.
 */
export const num = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 3 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 1_000_000 }) },
);

const preId = fc.constantFrom('alpha', 'beta', 'rc', '0', '1', '2', '10', 'a-b', 'Z', 'x1', '1a');
export const preText = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  { weight: 2, arbitrary: fc.array(preId, { minLength: 1, maxLength: 3 }).map((ids) => ids.join('.')) },
);

const buildId = fc.constantFrom('0', '00', '1', '01', '001', 'a', 'b', 'sha-1f2', '2');
export const buildText = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.array(buildId, { minLength: 1, maxLength: 2 }).map((ids) => ids.join('.')) },
);

export const versionParts = fc.record({ major: num, minor: num, patch: num, pre: preText, build: buildText });

export const versionText = versionParts.map(
  ({ major, minor, patch, pre, build }) =>
    `${major}.${minor}.${patch}${pre ? '-' + pre : ''}${build ? '+' + build : ''}`,
);
