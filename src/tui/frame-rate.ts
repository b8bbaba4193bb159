/**
 * How often ink may write a frame. Ink writes the first change at once and holds the rest to the
 * end of the frame's window, so a result that follows the "resolving…" frame within one window
 * waits for it: at ink's default 30 frames a second that was 33 ms on every edit, most of the
 * seed's latency. An 80x24 frame takes about 7 ms to render, so 60 a second is within reach.
 */
export const FRAMES_PER_SECOND = 60;

/** One frame's window, in ms: how long the store waits for "resolving…" to be written before solving. */
export const FRAME_MS = Math.ceil(1000 / FRAMES_PER_SECOND);
