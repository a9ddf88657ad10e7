// The read-only terminal keeps the learner's size (cols x rows), so what they see lines up the same; to fit it in
// its box the font shrinks instead. Pure arithmetic, so it is unit tested without a browser.

export const WATCH_MIN_FONT = 7;
export const WATCH_MAX_FONT = 14;

/**
 * The font size at which `cols` x `rows` fit the box, from what fits at the current size (FitAddon's proposal).
 * Cells scale with the font, so the ratio carries over; a half-point step keeps redraws from flickering.
 */
export function fittingFontSize(
  current: number,
  fits: { cols: number; rows: number },
  wanted: { cols: number; rows: number },
): number {
  if (fits.cols <= 0 || fits.rows <= 0 || wanted.cols <= 0 || wanted.rows <= 0) return current;
  const scale = Math.min(fits.cols / wanted.cols, fits.rows / wanted.rows);
  const size = Math.floor(current * scale * 2) / 2;
  return Math.min(WATCH_MAX_FONT, Math.max(WATCH_MIN_FONT, size));
}
