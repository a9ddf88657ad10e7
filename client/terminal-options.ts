// xterm options and the dark theme, kept apart from the wiring in main.ts.
import type { ITerminalOptions } from '@xterm/xterm';

export const TERMINAL_OPTIONS: ITerminalOptions = {
  // registerDecoration (the gutter marks) is still a "proposed" API in xterm 6.
  allowProposedApi: true,
  // Measured in Chromium without a GPU (docs/benchmarks.md): a blinking cursor makes the DOM renderer redo
  // costly work on every keydown, echo p50 13 ms against 2.7 ms with a steady cursor (VS Code's default too).
  cursorBlink: false,
  fontFamily: "ui-monospace, 'SFMono-Regular', 'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace",
  fontSize: 14,
  lineHeight: 1.15,
  scrollback: 5000,
  // Right click copies or pastes (clipboard.ts); selecting a word first would turn every paste into a copy.
  rightClickSelectsWord: false,
  theme: {
    background: '#0b0e14', // --term-bg in style.css
    foreground: '#d6dde6',
    cursor: '#58a6ff',
    cursorAccent: '#0b0e14',
    selectionBackground: '#264f78',
    black: '#1b2129',
    red: '#f85149',
    green: '#3fb950',
    yellow: '#d29922',
    blue: '#58a6ff',
    magenta: '#bc8cff',
    cyan: '#39c5cf',
    white: '#c9d1d9',
    brightBlack: '#6e7681',
    brightRed: '#ff7b72',
    brightGreen: '#56d364',
    brightYellow: '#e3b341',
    brightBlue: '#79c0ff',
    brightMagenta: '#d2a8ff',
    brightCyan: '#56d4dd',
    brightWhite: '#f0f6fc',
  },
};
