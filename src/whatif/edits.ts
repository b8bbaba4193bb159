import { Requirement, RequirementParseError } from '../cargo/requirement.js';
import { cratesIo } from '../cargo/source-id.js';
import type { Dependency, Summary } from '../cargo/summary.js';
import { Version, VersionParseError } from '../cargo/version.js';
import { UserError } from '../errors.js';

/**
 * What-if edits: changes to the workspace's dependency requirements that are resolved as if
 * they had been made in the manifests, without touching a file. They apply in order, and each
 * prints as the command-line flag that reproduces it.
 */
export type Edit =
  /** Set DEP's requirement in MEMBER, or in every member that depends on DEP. */
  | { kind: 'bump'; member?: string; dep: string; req: string }
  /** Allow only this exact version of CRATE anywhere in the graph. */
  | { kind: 'pin'; crate: string; version: string }
  /** Add a normal dependency to MEMBER. */
  | { kind: 'add'; member: string; dep: string; req: string }
  /** Remove every dependency named DEP from MEMBER. */
  | { kind: 'remove'; member: string; dep: string };

export function editFlag(e: Edit): string {
  switch (e.kind) {
    case 'bump':
      return `--bump ${e.member ? e.member + ':' : ''}${e.dep}=${e.req}`;
    case 'pin':
      return `--pin ${e.crate}=${e.version}`;
    case 'add':
      return `--add ${e.member}:${e.dep}=${e.req}`;
    case 'remove':
      return `--remove ${e.member}:${e.dep}`;
  }
}

const FORMS: Record<string, string> = {
  '--bump': '[MEMBER:]DEP=REQ',
  '--pin': 'CRATE=VERSION',
  '--add': 'MEMBER:DEP=REQ',
  '--remove': 'MEMBER:DEP',
};

export function parseEditFlag(flag: '--bump' | '--pin' | '--add' | '--remove', value: string): Edit {
  const bad = (why: string) => new UserError(`${flag} ${value}: ${why} (expected ${flag} ${FORMS[flag]})`);
  const splitMember = (s: string): [string | undefined, string] => {
    const i = s.indexOf(':');
    return i < 0 ? [undefined, s] : [s.slice(0, i), s.slice(i + 1)];
  };
  const splitValue = (s: string): [string, string] => {
    const i = s.indexOf('=');
    if (i <= 0 || i === s.length - 1) throw bad('missing `=`');
    return [s.slice(0, i).trim(), s.slice(i + 1).trim()];
  };
  const checkReq = (req: string) => {
    try {
      Requirement.parse(req);
    } catch (err) {
      if (err instanceof RequirementParseError) throw bad(err.message);
      throw err;
    }
  };
  switch (flag) {
    case '--bump': {
      const [member, rest] = splitMember(value);
      const [dep, req] = splitValue(rest);
      checkReq(req);
      return { kind: 'bump', member: member || undefined, dep, req };
    }
    case '--pin': {
      const [crate, version] = splitValue(value);
      try {
        Version.parse(version);
      } catch (err) {
        if (err instanceof VersionParseError) throw bad(err.message);
        throw err;
      }
      return { kind: 'pin', crate, version };
    }
    case '--add': {
      const [member, rest] = splitMember(value);
      if (!member) throw bad('missing `MEMBER:`');
      const [dep, req] = splitValue(rest);
      checkReq(req);
      return { kind: 'add', member, dep, req };
    }
    case '--remove': {
      const [member, dep] = splitMember(value);
      if (!member || !dep) throw bad('missing `MEMBER:`');
      return { kind: 'remove', member, dep };
    }
  }
}

export interface EditedWorkspace {
  members: Summary[];
  /** crate name -> the only version allowed. */
  pins: Map<string, Version>;
}

function named(d: Dependency, dep: string): boolean {
  return d.nameInToml === dep || d.name === dep;
}

/** Applies edits in order to the members' summaries; unknown members or dependencies are errors. */
export function applyEdits(members: readonly Summary[], edits: readonly Edit[]): EditedWorkspace {
  let out = [...members];
  const pins = new Map<string, Version>();
  const memberIndex = (name: string, e: Edit): number => {
    const i = out.findIndex((m) => m.name === name);
    if (i < 0) {
      throw new UserError(`${editFlag(e)}: no workspace member named \`${name}\` (members: ${out.map((m) => m.name).join(', ')})`);
    }
    return i;
  };
  const replace = (i: number, dependencies: Dependency[]) => {
    out = out.map((m, j) => (j === i ? { ...m, dependencies } : m));
  };
  for (const e of edits) {
    switch (e.kind) {
      case 'bump': {
        const req = Requirement.parse(e.req);
        const targets = e.member ? [memberIndex(e.member, e)] : out.map((_, i) => i);
        let hit = false;
        for (const i of targets) {
          const m = out[i]!;
          if (!m.dependencies.some((d) => named(d, e.dep))) continue;
          hit = true;
          replace(
            i,
            m.dependencies.map((d) =>
              named(d, e.dep) && d.source.kind === 'registry' ? { ...d, req, origin: { kind: 'edit', text: editFlag(e) } } : d,
            ),
          );
        }
        if (!hit) {
          throw new UserError(`${editFlag(e)}: ${e.member ? `\`${e.member}\` does not depend` : 'no workspace member depends'} on \`${e.dep}\``);
        }
        break;
      }
      case 'pin':
        pins.set(e.crate, Version.parse(e.version));
        break;
      case 'add': {
        const i = memberIndex(e.member, e);
        const dep: Dependency = {
          name: e.dep,
          nameInToml: e.dep,
          req: Requirement.parse(e.req),
          source: cratesIo,
          kind: 'normal',
          target: null,
          optional: false,
          defaultFeatures: true,
          features: [],
          origin: { kind: 'edit', text: editFlag(e) },
        };
        const kept = out[i]!.dependencies.filter((d) => !(named(d, e.dep) && d.kind === 'normal' && d.target === null));
        replace(i, [...kept, dep]);
        break;
      }
      case 'remove': {
        const i = memberIndex(e.member, e);
        const m = out[i]!;
        if (!m.dependencies.some((d) => named(d, e.dep))) {
          throw new UserError(`${editFlag(e)}: \`${e.member}\` does not depend on \`${e.dep}\``);
        }
        const dependencies = m.dependencies.filter((d) => !named(d, e.dep));
        // A feature that named the removed dependency goes with it, as `cargo remove` does.
        const features = new Map(
          [...m.features].map(([f, values]) => [
            f,
            values.filter((v) => v.kind === 'feature' || v.dep !== e.dep),
          ]),
        );
        out = out.map((x, j) => (j === i ? { ...x, dependencies, features } : x));
        break;
      }
    }
  }
  return { members: out, pins };
}
