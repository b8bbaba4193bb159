/**
 * The README's ```console blocks: each `$ command` line followed by what it prints (stdout and
 * stderr as a terminal shows them, interleaved), and `(exit status N)` when it is not 0. The
 * README test runs them; UPDATE_README=1 writes what they print back into the README.
 */
export interface ConsoleStep {
  command: string;
  /** The output as the README shows it. */
  expected: string;
}

export interface ConsoleBlock {
  /** Offsets of the block's body (between the fences) in the README. */
  start: number;
  end: number;
  steps: ConsoleStep[];
}

const FENCE = /^```console\n([\s\S]*?)^```$/gm;

export function consoleBlocks(readme: string): ConsoleBlock[] {
  const blocks: ConsoleBlock[] = [];
  for (const m of readme.matchAll(FENCE)) {
    const body = m[1]!;
    const start = m.index! + '```console\n'.length;
    const steps: ConsoleStep[] = [];
    for (const line of body.replace(/\n$/, '').split('\n')) {
      if (line.startsWith('$ ')) steps.push({ command: line.slice(2), expected: '' });
      else if (steps.length === 0)
        throw new Error(`a console block must start with a \`$ \` line: ${JSON.stringify(line)}`);
      else steps[steps.length - 1]!.expected += `${line}\n`;
    }
    blocks.push({ start, end: start + body.length, steps });
  }
  return blocks;
}

export function renderBlock(steps: readonly { command: string; output: string }[]): string {
  return steps.map((s) => `$ ${s.command}\n${s.output}`).join('');
}

/** What a command printed, as the README shows it: the exit status noted when it is not 0. */
export function shownOutput(output: string, status: number): string {
  const text = output.length && !output.endsWith('\n') ? `${output}\n` : output;
  return status === 0 ? text : `${text}(exit status ${status})\n`;
}
