package ai.doclea.transfer.cli;

/** How progress is shown on standard error. */
enum ProgressMode {
  /** A bar when standard error is a terminal, plain lines otherwise. */
  auto,
  /** Always a bar, redrawn in place. */
  bar,
  /** Plain lines, a few seconds apart and one per finished section. */
  lines
}
