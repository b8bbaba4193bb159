import type { Edit } from '../edits/index.js';
import { parseEditFlag, parseEditText } from '../edits/index.js';
import { InternalError, UserError } from '../errors.js';
import { nextLine, pinDefault } from './analysis.js';
import type { Prompt, PromptKind, TuiState } from './state.js';
import { selectedRow } from './state.js';

/**
 * The prompts behind `b`, `p`, `a`, `f` and `:`. What the user types becomes the value of the
 * matching command-line flag and goes through the same parser, so the TUI accepts exactly
 * what `--bump`, `--pin`, ... accept and reports the same errors.
 */
export function openPrompt(state: TuiState, kind: PromptKind): Prompt | { error: string } {
  if (kind === 'edit') return { kind, label: 'what-if flag', placeholder: '', text: '' };
  if (kind === 'filter') return { kind, label: 'filter dependencies', placeholder: '', text: state.filter ?? '' };
  if (kind === 'pin' && state.focus === 'packages') {
    const p = state.analysis?.packages[state.cursor.packages];
    if (p && p.source === 'registry')
      return { kind, crate: p.name, label: `pin ${p.name} to version`, placeholder: p.version, text: '' };
  }
  const row = selectedRow(state);
  if (!row) return { error: 'nothing selected yet' };
  const member = row.member.name;
  if (kind === 'add') return { kind, member, label: `add to ${member} (DEP=REQ)`, placeholder: '', text: '' };
  if (row.kind !== 'dep') return { error: `select one of ${member}'s dependencies first (j/k)` };
  const dep = row.dep;
  if (dep.source !== 'registry' && kind !== 'features')
    return { error: `${dep.key} is a ${dep.source} dependency: it has no registry versions to ${kind} to` };
  switch (kind) {
    case 'bump':
      return {
        kind,
        member,
        dep: dep.key,
        label: `bump ${member}:${dep.key} (${dep.req}) to`,
        placeholder: nextLine(dep) ?? '',
        text: '',
      };
    case 'pin':
      return {
        kind,
        crate: dep.crate,
        label: `pin ${dep.crate} to version`,
        placeholder: pinDefault(dep) ?? '',
        text: '',
      };
    case 'features':
      return {
        kind,
        member,
        dep: dep.key,
        label: `features of ${member}:${dep.key} (+on,-off)`,
        placeholder: '',
        text: '',
      };
  }
}

/** The edit a submitted prompt stands for; a UserError (shown inline) when the text is not valid. */
export function promptEdit(p: Prompt): Edit {
  const value = p.text.trim() || p.placeholder;
  if (!value) throw new UserError(`${p.label}: type a value first (Esc cancels)`);
  switch (p.kind) {
    case 'bump':
      return parseEditFlag('--bump', `${p.member}:${p.dep}=${value}`);
    case 'pin':
      return parseEditFlag('--pin', `${p.crate}=${value}`);
    case 'add':
      return parseEditFlag('--add', `${p.member}:${value}`);
    case 'features':
      return parseEditFlag('--features', `${p.member}:${p.dep}=${value}`);
    case 'edit':
      return parseEditText(value);
    case 'filter':
      throw new InternalError('the filter prompt makes no edit');
  }
}
