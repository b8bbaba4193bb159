import { Requirement, RequirementParseError } from '../cargo/requirement.js';
import { Version, VersionParseError } from '../cargo/version.js';
import { UserError } from '../errors.js';
import type { Edit, EditFlagName } from './edit.js';
import { EDIT_FLAG_FORMS, EDIT_FLAG_NAMES, isEditFlagName } from './edit.js';

/** One edit from its flag and value, as the command line gives them (`--bump`, `pyo3=0.22`). */
export function parseEditFlag(flag: EditFlagName, value: string): Edit {
  const bad = (why: string) => new UserError(`${flag} ${value}: ${why} (expected ${flag} ${EDIT_FLAG_FORMS[flag]})`);
  const splitMember = (s: string): [string | undefined, string] => {
    const i = s.indexOf(':');
    return i < 0 ? [undefined, s] : [s.slice(0, i), s.slice(i + 1)];
  };
  const splitValue = (s: string): [string, string] => {
    const i = s.indexOf('=');
    if (i <= 0 || i === s.length - 1) throw bad('missing `=`');
    return [s.slice(0, i).trim(), s.slice(i + 1).trim()];
  };
  const optionalValue = (s: string): [string, string | undefined] =>
    s.includes('=') ? splitValue(s) : [s.trim(), undefined];
  const checkReq = (req: string) => {
    try {
      Requirement.parse(req);
    } catch (err) {
      if (err instanceof RequirementParseError) throw bad(err.message);
      throw err;
    }
  };
  const name = (s: string, what: string) => {
    if (!s) throw bad(`missing ${what}`);
    return s;
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
    case '--features': {
      const [member, rest] = splitMember(value);
      const [dep, list] = splitValue(rest);
      const enable: string[] = [];
      const disable: string[] = [];
      for (const raw of list.split(',')) {
        const item = raw.trim();
        const feature = item.replace(/^[+-]/, '');
        if (!feature) throw bad('empty feature name');
        if (feature.includes('/') || feature.startsWith('dep:')) {
          throw bad(`\`${feature}\`: a dependency's features are plain names (no \`/\` or \`dep:\`)`);
        }
        const into = item.startsWith('-') ? disable : enable;
        const other = into === enable ? disable : enable;
        if (other.includes(feature)) throw bad(`\`${feature}\` is both turned on and off`);
        if (!into.includes(feature)) into.push(feature);
      }
      return { kind: 'features', member: member || undefined, dep: name(dep, 'DEP'), enable, disable };
    }
    case '--no-default-features':
    case '--default-features': {
      const [member, dep] = splitMember(value.trim());
      return {
        kind: 'default-features',
        member: member || undefined,
        dep: name(dep, 'DEP'),
        enabled: flag === '--default-features',
      };
    }
    case '--unify-workspace':
    case '--upgrade': {
      const [dep, req] = optionalValue(value);
      if (dep.includes(':')) throw bad('applies to every member, so it takes no `MEMBER:`');
      if (req !== undefined) checkReq(req);
      const kind = flag === '--upgrade' ? 'upgrade' : 'unify-workspace';
      return req === undefined ? { kind, dep: name(dep, 'DEP') } : { kind, dep: name(dep, 'DEP'), req };
    }
  }
}

/**
 * Edits written as command-line text, the way whatif.toml lists them: one flag
 * (`--bump pyo3=0.22`, `--bump=pyo3=0.22`) or several (`--bump pyo3=0.22 --bump numpy=0.22`).
 * A requirement never holds ` --`, so a flag starts wherever one does; a value may hold spaces
 * (`--bump 'x=>=1, <2'` on a command line is `--bump x=>=1, <2` here).
 */
export function parseEditTexts(text: string): Edit[] {
  return text
    .trim()
    .split(/\s+(?=--[a-z])/)
    .map(parseEditText);
}

/** One edit written as command-line text: `--bump pyo3=0.22` or `--bump=pyo3=0.22`. */
export function parseEditText(text: string): Edit {
  const trimmed = text.trim();
  const m = /^(--[a-z-]+)(?:=|\s+)(.+)$/s.exec(trimmed);
  const flag = m?.[1] ?? trimmed.split(/\s/)[0]!;
  if (!isEditFlagName(flag)) {
    throw new UserError(`\`${text}\` is not a what-if edit (one of ${EDIT_FLAG_NAMES.join(', ')}, with its value)`);
  }
  if (!m) throw new UserError(`\`${text}\`: ${flag} needs a value (${flag} ${EDIT_FLAG_FORMS[flag]})`);
  return parseEditFlag(flag, m[2]!.trim());
}
