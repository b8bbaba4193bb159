import type { Edit } from '../edits/edit.js';

/** An edit in words, for reports and the TUI ("use numpy 0.22 in arrow_storage"). */
export function describeEdit(e: Edit): string {
  const where = (member?: string) => (member ? `in ${member}` : 'in every member');
  switch (e.kind) {
    case 'bump':
      return `use ${e.dep} ${e.req} ${where(e.member)}`;
    case 'pin':
      return `pin ${e.crate} to ${e.version}`;
    case 'add':
      return `add ${e.dep} ${e.req} to ${e.member}`;
    case 'remove':
      return `remove ${e.dep} from ${e.member}`;
    case 'features': {
      const parts = [
        ...e.disable.map((f) => `drop feature \`${f}\``),
        ...e.enable.map((f) => `turn on feature \`${f}\``),
      ];
      return `${parts.join(' and ')} of ${e.dep} ${where(e.member)}`;
    }
    case 'default-features':
      return `turn ${e.enabled ? 'on' : 'off'} the default features of ${e.dep} ${where(e.member)}`;
    case 'unify-workspace':
      return `move ${e.dep} to [workspace.dependencies]${e.req ? ` as ${e.req}` : ''} and inherit it in every member`;
    case 'upgrade':
      return `upgrade ${e.dep} to ${e.req ?? 'its newest line'} across the workspace`;
  }
}
