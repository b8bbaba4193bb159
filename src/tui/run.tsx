import { render } from 'ink';
import { App } from './components/App.js';
import { colorsWanted } from './components/styled.js';
import { FRAMES_PER_SECOND } from './frame-rate.js';
import type { TuiStore } from './store.js';

// Terminal's alternate screen: the session takes the whole window and leaves the shell's
// scrollback as it was when it quits.
const ENTER_ALT_SCREEN = '\x1b[?1049h';
const LEAVE_ALT_SCREEN = '\x1b[?1049l';

/** Runs the app on the process's terminal until the user quits. */
export async function runTui(store: TuiStore): Promise<void> {
  process.stdout.write(ENTER_ALT_SCREEN);
  try {
    // Ctrl-C goes through the key bindings like `q`, so both quit the same way (exit code 0).
    const app = render(<App store={store} colors={colorsWanted()} />, {
      exitOnCtrlC: false,
      maxFps: FRAMES_PER_SECOND,
    });
    void store.start();
    await app.waitUntilExit();
  } finally {
    process.stdout.write(LEAVE_ALT_SCREEN);
  }
}
