import { describe, expect, it } from 'vitest';
import { formatKeyPath, TomlDocument } from '../../src/manifest/toml-document.js';

const text = `# comment
[package]
name = "x"

[dependencies]
serde = { version = "1", features = [
  "derive",
  "rc",
] }
tokio.workspace = true

[target.'cfg(unix)'.dependencies]
libc = "0.2"

[[bin]]
name = "a"

[[bin]]
name = "b"
`;

describe('TomlDocument', () => {
  const doc = TomlDocument.fromText('/tmp/Cargo.toml', text);

  it('maps key paths to the lines that define them', () => {
    expect(doc.lineOf(['package'])).toBe(2);
    expect(doc.lineOf(['package', 'name'])).toBe(3);
    expect(doc.lineOf(['dependencies', 'serde'])).toBe(6);
    expect(doc.lineOf(['dependencies', 'serde', 'features', 1])).toBe(8);
    expect(doc.lineOf(['dependencies', 'tokio', 'workspace'])).toBe(10);
    expect(doc.lineOf(['target', 'cfg(unix)', 'dependencies', 'libc'])).toBe(13);
    expect(doc.lineOf(['bin', 1, 'name'])).toBe(19);
  });

  it('falls back to the nearest ancestor for keys that are not written', () => {
    expect(doc.lineOf(['dependencies', 'serde', 'optional'])).toBe(6);
    expect(doc.lineOf(['nothing', 'here'])).toBeUndefined();
  });

  it('spells key paths as TOML would', () => {
    expect(formatKeyPath(['target', 'cfg(unix)', 'dependencies', 'libc'])).toBe("target.'cfg(unix)'.dependencies.libc");
    expect(formatKeyPath(['workspace', 'members', 2])).toBe('workspace.members.2');
  });

  it('reports malformed TOML as a user error at its line', () => {
    let caught: unknown;
    try {
      TomlDocument.fromText('/tmp/Cargo.toml', '[package]\nname = "x"\nversion = \n');
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({ name: 'UserError', location: { file: '/tmp/Cargo.toml', line: 3 } });
    expect((caught as Error).message).toMatch(/^invalid TOML: /);
  });
});

describe('TOML 1.1, which cargo 1.95 accepts', () => {
  it('reads inline tables over several lines with a trailing comma, and still finds lines', () => {
    const doc = TomlDocument.fromText(
      '/tmp/Cargo.toml',
      '[dependencies]\nserde = {\n  version = "1",\n  features = ["derive"],\n}\n',
    );
    expect(doc.root).toEqual({ dependencies: { serde: { version: '1', features: ['derive'] } } });
    expect(doc.lineOf(['dependencies', 'serde', 'features'])).toBe(4);
  });
});
