// Labels for the points of a scatter that never overlap one another: each label tries positions around its point,
// nearest first, and takes the first whose box hits no placed label, no other point and stays in the plot; one
// placed away from its point gets a leader line. When some label finds no place, every point is numbered instead
// (numbers are short enough to fit) and the names go in a legend under the chart.

export interface Box { left: number; top: number; right: number; bottom: number }
export interface Anchor { x: number; y: number; text: string }
export interface PlacedLabel {
  text: string;
  /** SVG text position (start anchor, baseline). */
  x: number; y: number;
  box: Box;
  /** From the point's edge to the label, when the label sits away from its point. */
  leader: { x1: number; y1: number; x2: number; y2: number } | null;
}

/** 12px DejaVu Sans/system-ui, measured generously: wider than the average glyph so estimates err large. */
const CHAR_WIDTH = 7.4;
const ASCENT = 12;
const DESCENT = 4;
const GAP = 2;
const POINT_RADIUS = 8;
const DISTANCES = [10, 22, 36, 52, 72, 96];
/** Directions tried at each distance: right, left, up, down, then the diagonals, then in between. */
const DIRECTIONS = [0, 180, 270, 90, 315, 225, 45, 135, 337.5, 202.5, 292.5, 247.5, 22.5, 157.5, 67.5, 112.5];

export function textWidth(text: string, charWidth = CHAR_WIDTH): number {
  return Math.ceil(text.length * charWidth);
}

/** Labels for `anchors` in priority order (earlier ones get the nearer places); null if one could not be placed. */
export function placeLabels(anchors: readonly Anchor[], bounds: Box, charWidth = CHAR_WIDTH): PlacedLabel[] | null {
  const points: Box[] = anchors.map((a) => ({ left: a.x - POINT_RADIUS, top: a.y - POINT_RADIUS, right: a.x + POINT_RADIUS, bottom: a.y + POINT_RADIUS }));
  const placed: PlacedLabel[] = [];
  for (const a of anchors) {
    const label = placeOne(a, textWidth(a.text, charWidth), bounds, [...placed.map((p) => p.box), ...points]);
    if (!label) return null;
    placed.push(label);
  }
  return placed;
}

function placeOne(a: Anchor, width: number, bounds: Box, taken: Box[]): PlacedLabel | null {
  const height = ASCENT + DESCENT;
  for (const d of DISTANCES) {
    for (const deg of DIRECTIONS) {
      const rad = (deg * Math.PI) / 180;
      // The box's nearest edge is d from the point: shift the box by half its size along the direction.
      const cx = a.x + Math.cos(rad) * (d + width / 2);
      const cy = a.y + Math.sin(rad) * (d + height / 2);
      const box = { left: cx - width / 2, top: cy - height / 2, right: cx + width / 2, bottom: cy + height / 2 };
      if (!inside(box, bounds) || taken.some((t) => intersects(grow(box, GAP), t))) continue;
      return { text: a.text, x: round(box.left), y: round(box.top + ASCENT), box: roundBox(box), leader: d > DISTANCES[0]! ? leader(a, box) : null };
    }
  }
  return null;
}

/** From the circle's edge towards the nearest point of the box. */
function leader(a: Anchor, box: Box): PlacedLabel['leader'] {
  const tx = Math.min(Math.max(a.x, box.left), box.right);
  const ty = Math.min(Math.max(a.y, box.top), box.bottom);
  const len = Math.hypot(tx - a.x, ty - a.y) || 1;
  return { x1: round(a.x + ((tx - a.x) / len) * 6), y1: round(a.y + ((ty - a.y) / len) * 6), x2: round(tx), y2: round(ty) };
}

export function intersects(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

function inside(box: Box, bounds: Box): boolean {
  return box.left >= bounds.left && box.right <= bounds.right && box.top >= bounds.top && box.bottom <= bounds.bottom;
}

function grow(b: Box, by: number): Box {
  return { left: b.left - by, top: b.top - by, right: b.right + by, bottom: b.bottom + by };
}

function roundBox(b: Box): Box {
  return { left: round(b.left), top: round(b.top), right: round(b.right), bottom: round(b.bottom) };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
