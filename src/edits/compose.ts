import type { Summary } from '../cargo/summary.js';
import { named } from './apply.js';
import type { Edit } from './edit.js';

type Features = Extract<Edit, { kind: 'features' }>;

/**
 * The user's edits followed by a fix's, as one list that reads as a person would write it. A fix
 * is found on top of the user's edits, so appending it is always right; but a fix that drops a
 * feature the user's own `--features` turned on reads better as that edit without the feature
 * (`--features tokio=+f --features app:tokio=-f` is just nothing), and the drop alone would not
 * run at all, since the manifest never turned the feature on.
 */
export function composeEdits(members: readonly Summary[], userEdits: readonly Edit[], fix: readonly Edit[]): Edit[] {
  const user = [...userEdits];
  const rest: Edit[] = [];
  for (const e of fix) {
    if (e.kind !== 'features' || e.disable.length === 0) {
      rest.push(e);
      continue;
    }
    let disable = [...e.disable];
    for (let i = user.length - 1; i >= 0 && disable.length; i--) {
      const u = user[i]!;
      if (u.kind !== 'features' || u.dep !== e.dep || !sameScope(members, u, e)) continue;
      const cancelled = disable.filter((f) => u.enable.includes(f));
      if (cancelled.length === 0) continue;
      disable = disable.filter((f) => !cancelled.includes(f));
      const left = { ...u, enable: u.enable.filter((f) => !cancelled.includes(f)) };
      if (left.enable.length + left.disable.length === 0) user.splice(i, 1);
      else user[i] = left;
    }
    if (disable.length + e.enable.length > 0) rest.push({ ...e, disable });
  }
  return [...user, ...rest];
}

/** Whether two `[MEMBER:]DEP` edits reach the same members. */
function sameScope(members: readonly Summary[], a: Features, b: Features): boolean {
  const reached = (e: Features) =>
    members
      .filter((m) => (!e.member || m.name === e.member) && m.dependencies.some((d) => named(d, e.dep)))
      .map((m) => m.name)
      .join('\0');
  return reached(a) === reached(b);
}
