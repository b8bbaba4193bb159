import { layoutFor } from '../layout.js';
import type { TuiState } from '../state.js';
import { DetailPane } from './DetailPane.js';
import { Footer } from './Footer.js';
import { Header } from './Header.js';
import { MembersPane } from './MembersPane.js';
import { CommandOverlay, Help, WriteOverlay } from './Overlay.js';
import { Box } from './styled.js';

/** The whole screen for one state, sized to the terminal. */
export function Screen({ state, width, height }: { state: TuiState; width: number; height: number }) {
  const l = layoutFor(width, height);
  return (
    <Box flexDirection="column" width={l.width} height={l.height}>
      <Header state={state} width={l.width} />
      {state.overlay === 'help' ? (
        <Help width={l.width} height={l.body} />
      ) : state.overlay === 'command' ? (
        <CommandOverlay state={state} width={l.width} height={l.body} />
      ) : state.overlay === 'write' ? (
        <WriteOverlay state={state} width={l.width} height={l.body} />
      ) : (
        <Box flexDirection="row" height={l.body}>
          <MembersPane state={state} width={l.left} height={l.body} />
          <DetailPane state={state} width={l.right} height={l.body} />
        </Box>
      )}
      <Footer state={state} width={l.width} />
    </Box>
  );
}
