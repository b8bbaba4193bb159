import { useApp, useInput, useStdout } from 'ink';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { keyAction, splitKeys } from '../keys.js';
import type { TuiStore } from '../store.js';
import { Screen } from './Screen.js';
import { ColorsContext } from './styled.js';

/**
 * Connects the store to ink: renders its state at the terminal's size, turns key presses into
 * actions, and ends the app when the state says quit.
 */
export function App({
  store,
  width,
  height,
  colors = true,
}: {
  store: TuiStore;
  width?: number;
  height?: number;
  colors?: boolean;
}) {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const { exit } = useApp();
  const size = useTerminalSize();
  useInput((input, key) => {
    for (const [ch, k] of splitKeys(input, key)) {
      // Against the state the previous key left: `b` opens a prompt the next keys type into.
      const action = keyAction(store.getState(), ch, k);
      if (action) store.dispatch(action);
    }
  });
  useEffect(() => {
    if (state.quit) exit();
  }, [state.quit, exit]);
  return (
    <ColorsContext.Provider value={colors}>
      <Screen state={state} width={width ?? size.width} height={height ?? size.height} />
    </ColorsContext.Provider>
  );
}

const CLEAR_SCREEN = '\u001b[2J\u001b[H';

function useTerminalSize(): { width: number; height: number } {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => sizeOf(stdout));
  useEffect(() => {
    const onResize = () => {
      // The terminal has rewrapped the old frame, so ink's erasing of its own lines no longer
      // matches the screen: start the next frame on a clean one.
      stdout.write(CLEAR_SCREEN);
      setSize(sizeOf(stdout));
    };
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}

// One row short of the terminal: ink redraws a frame as tall as the terminal by clearing the
// whole screen and scrollback each time (flicker, and tmux loses the shell's screen), a shorter
// one by rewriting its own lines.
function sizeOf(stdout: NodeJS.WriteStream): { width: number; height: number } {
  return { width: stdout.columns || 80, height: (stdout.rows || 24) - 1 };
}
