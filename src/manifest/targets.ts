import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { TomlTable } from 'smol-toml';

/**
 * Just enough of cargo's target discovery to refuse what cargo refuses before resolving: a package
 * with no target at all, and `links` without a build script. Which targets exist does not change
 * resolution, so their names, paths and kinds are not modelled.
 */
export function hasAnyTarget(manifest: TomlTable, pkg: TomlTable, dir: string): boolean {
  if (manifest['lib'] !== undefined) return true;
  for (const key of ['bin', 'example', 'test', 'bench']) {
    const v = manifest[key];
    if (Array.isArray(v) && v.length > 0) return true;
  }
  const auto = (key: string) => pkg[key] !== false;
  if (auto('autolib') && isFile(path.join(dir, 'src', 'lib.rs'))) return true;
  if (auto('autobins') && (isFile(path.join(dir, 'src', 'main.rs')) || hasRustTargets(path.join(dir, 'src', 'bin')))) {
    return true;
  }
  if (auto('autoexamples') && hasRustTargets(path.join(dir, 'examples'))) return true;
  if (auto('autotests') && hasRustTargets(path.join(dir, 'tests'))) return true;
  return auto('autobenches') && hasRustTargets(path.join(dir, 'benches'));
}

/** `package.build`: a path or `true` always means a script; absent means `build.rs` if present. */
export function hasBuildScript(pkg: TomlTable, dir: string): boolean {
  const build = pkg['build'];
  if (build === false) return false;
  if (build === undefined) return isFile(path.join(dir, 'build.rs'));
  return true;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

// `dir/*.rs` or `dir/*/main.rs`, as cargo's `infer_from_directory` (cargo 1.95,
// src/workspace/parser/targets.rs).
function hasRustTargets(dir: string): boolean {
  if (!existsSync(dir)) return false;
  try {
    return readdirSync(dir, { withFileTypes: true }).some((e) =>
      e.isDirectory() ? isFile(path.join(dir, e.name, 'main.rs')) : e.name.endsWith('.rs'),
    );
  } catch {
    return false;
  }
}
