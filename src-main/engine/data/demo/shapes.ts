// Point-in-shape tests for the few primitives birds are built from. Coordinates are the bird's
// local frame (about [-1.2, 1.2] on each axis, x toward the beak, y down).

export type Part = 'body' | 'wing' | 'tail' | 'head' | 'beak' | 'leg' | 'eye';

/** Axis-aligned bounds in the local frame: a cheap rejection before the exact test. */
export interface Bounds {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

export type Primitive = Bounds &
  (
    | { kind: 'ellipse'; part: Part; cx: number; cy: number; rx: number; ry: number; cos: number; sin: number }
    | { kind: 'capsule'; part: Part; ax: number; ay: number; bx: number; by: number; r: number }
    | { kind: 'triangle'; part: Part; ax: number; ay: number; bx: number; by: number; cx: number; cy: number }
  );

export function ellipse(part: Part, cx: number, cy: number, rx: number, ry: number, angle = 0): Primitive {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  // Half-extents of a rotated ellipse's bounding box.
  const hx = Math.sqrt(rx * rx * cos * cos + ry * ry * sin * sin);
  const hy = Math.sqrt(rx * rx * sin * sin + ry * ry * cos * cos);
  return { kind: 'ellipse', part, cx, cy, rx, ry, cos, sin, minX: cx - hx, maxX: cx + hx, minY: cy - hy, maxY: cy + hy };
}

export function capsule(part: Part, ax: number, ay: number, bx: number, by: number, r: number): Primitive {
  return {
    kind: 'capsule', part, ax, ay, bx, by, r,
    minX: Math.min(ax, bx) - r, maxX: Math.max(ax, bx) + r, minY: Math.min(ay, by) - r, maxY: Math.max(ay, by) + r,
  };
}

export function triangle(part: Part, ax: number, ay: number, bx: number, by: number, cx: number, cy: number): Primitive {
  return {
    kind: 'triangle', part, ax, ay, bx, by, cx, cy,
    minX: Math.min(ax, bx, cx), maxX: Math.max(ax, bx, cx), minY: Math.min(ay, by, cy), maxY: Math.max(ay, by, cy),
  };
}

export function unionBounds(prims: readonly Bounds[]): Bounds {
  return {
    minX: Math.min(...prims.map((p) => p.minX)),
    maxX: Math.max(...prims.map((p) => p.maxX)),
    minY: Math.min(...prims.map((p) => p.minY)),
    maxY: Math.max(...prims.map((p) => p.maxY)),
  };
}

export function contains(p: Primitive, x: number, y: number): boolean {
  if (x < p.minX || x > p.maxX || y < p.minY || y > p.maxY) return false;
  switch (p.kind) {
    case 'ellipse': {
      const dx = x - p.cx;
      const dy = y - p.cy;
      const lx = (dx * p.cos + dy * p.sin) / p.rx;
      const ly = (-dx * p.sin + dy * p.cos) / p.ry;
      return lx * lx + ly * ly <= 1;
    }
    case 'capsule': {
      const vx = p.bx - p.ax;
      const vy = p.by - p.ay;
      const len2 = vx * vx + vy * vy;
      let t = len2 > 0 ? ((x - p.ax) * vx + (y - p.ay) * vy) / len2 : 0;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const dx = x - (p.ax + vx * t);
      const dy = y - (p.ay + vy * t);
      return dx * dx + dy * dy <= p.r * p.r;
    }
    case 'triangle': {
      // Same sign of all three edge functions, whichever way the corners wind.
      const d1 = (x - p.bx) * (p.ay - p.by) - (p.ax - p.bx) * (y - p.by);
      const d2 = (x - p.cx) * (p.by - p.cy) - (p.bx - p.cx) * (y - p.cy);
      const d3 = (x - p.ax) * (p.cy - p.ay) - (p.cx - p.ax) * (y - p.ay);
      const neg = d1 < 0 || d2 < 0 || d3 < 0;
      const pos = d1 > 0 || d2 > 0 || d3 > 0;
      return !(neg && pos);
    }
  }
}
