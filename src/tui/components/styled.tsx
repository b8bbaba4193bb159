import type { BoxProps, TextProps } from 'ink';
import { Box as InkBox, Text as InkText } from 'ink';
import { Children, createContext, useContext } from 'react';
import { visible } from '../../text/visible.js';

/**
 * ink's Box and Text, without colour where colour is off: NO_COLOR (no-color.org) asks for no
 * colour, and ink's colour library does not read it. Bold, dim and inverse stay: they are not
 * colours, and the selection and the active pane are shown with them (and with marks such as
 * `▸`, `!`, `↑`, `⊘`, so that nothing is said by colour alone).
 */
export const ColorsContext = createContext(true);

/**
 * Every string in a Text is made visible (see text/visible.ts; a Text is laid out by its Box, so
 * a newline in one is escaped too): the panes show names, requirements and messages from
 * manifests, index lines and lockfiles, and an escape sequence in one must be shown, never acted
 * on by the terminal. Every component takes Text from here, not from ink
 * (test/tui/components.test.tsx checks).
 */
export function Text({ children, ...props }: TextProps) {
  const colors = useContext(ColorsContext);
  const shown = Children.map(children, (c) => (typeof c === 'string' ? visible(c) : c));
  if (colors) return <InkText {...props}>{shown}</InkText>;
  const { color: _color, backgroundColor: _background, ...rest } = props;
  return <InkText {...rest}>{shown}</InkText>;
}

export function Box(props: BoxProps & { children?: React.ReactNode }) {
  const colors = useContext(ColorsContext);
  if (colors) return <InkBox {...props} />;
  const {
    borderColor: _border,
    borderTopColor: _t,
    borderBottomColor: _b,
    borderLeftColor: _l,
    borderRightColor: _r,
    backgroundColor: _bg,
    ...rest
  } = props;
  return <InkBox {...rest} />;
}

/** Whether the environment asks for no colour: NO_COLOR set to anything but the empty string. */
export function colorsWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return !env.NO_COLOR;
}
