// The four demo regions. Each changes the look of both backgrounds and birds a little (palette,
// texture, lighting) so geography analyses have something real to find, while keeping land
// green/brown/ochre and water blue-dominant in every region: that contrast is the shortcut the
// demo exists to show, so it must survive every region's lighting.

export type Rgb = readonly [number, number, number];

export const REGION_NAMES = ['Africa', 'Americas', 'Asia', 'Europe'] as const;
export type RegionName = (typeof REGION_NAMES)[number];

export type LandTexture = 'savanna' | 'canyon' | 'paddy' | 'meadow';
export type WaterTexture = 'river' | 'ocean' | 'lagoon' | 'lake';
/** How a region's birds are marked; shared by both classes so it carries no label signal. */
export type PlumagePattern = 'spotted' | 'capped' | 'barred' | 'plain';

export interface RegionStyle {
  name: RegionName;
  /** Share of the train split; val and test are uniform over regions. */
  trainShare: number;
  land: { texture: LandTexture; base: Rgb; alt: Rgb; accent: Rgb };
  water: { texture: WaterTexture; shallow: Rgb; deep: Rgb; highlight: Rgb };
  sky: { top: Rgb; horizon: Rgb };
  plumage: readonly Rgb[];
  pattern: PlumagePattern;
  /** Multiplicative colour cast, contrast around mid-grey, and mix toward a haze colour. */
  light: { tint: Rgb; contrast: number; haze: number; hazeColor: Rgb };
}

// Train shares mimic the skew of web-scraped datasets (Europe and the Americas dominate).
export const REGIONS: Readonly<Record<RegionName, RegionStyle>> = {
  Africa: {
    name: 'Africa',
    trainShare: 0.08,
    land: { texture: 'savanna', base: [176, 138, 70], alt: [206, 176, 108], accent: [78, 86, 40] },
    water: { texture: 'river', shallow: [92, 134, 158], deep: [48, 92, 132], highlight: [190, 214, 226] },
    sky: { top: [120, 170, 225], horizon: [222, 214, 190] },
    plumage: [[70, 52, 40], [200, 190, 170], [150, 60, 40], [60, 60, 66], [210, 150, 60]],
    pattern: 'spotted',
    light: { tint: [1.08, 1.0, 0.88], contrast: 1.08, haze: 0, hazeColor: [255, 240, 210] },
  },
  Americas: {
    name: 'Americas',
    trainShare: 0.3,
    land: { texture: 'canyon', base: [168, 92, 58], alt: [204, 140, 90], accent: [96, 56, 40] },
    water: { texture: 'ocean', shallow: [40, 100, 170], deep: [16, 46, 118], highlight: [225, 238, 250] },
    sky: { top: [70, 130, 220], horizon: [180, 210, 240] },
    plumage: [[200, 40, 40], [40, 40, 46], [230, 200, 60], [90, 70, 130], [240, 240, 235]],
    pattern: 'capped',
    light: { tint: [1.02, 1.0, 1.0], contrast: 1.18, haze: 0, hazeColor: [255, 255, 255] },
  },
  Asia: {
    name: 'Asia',
    trainShare: 0.17,
    land: { texture: 'paddy', base: [96, 150, 60], alt: [150, 180, 80], accent: [70, 96, 42] },
    water: { texture: 'lagoon', shallow: [60, 170, 180], deep: [24, 110, 150], highlight: [200, 240, 236] },
    sky: { top: [150, 185, 215], horizon: [215, 225, 225] },
    plumage: [[235, 235, 230], [120, 110, 100], [60, 90, 80], [200, 120, 60], [30, 30, 34]],
    pattern: 'barred',
    light: { tint: [0.98, 1.02, 1.0], contrast: 0.9, haze: 0.16, hazeColor: [205, 215, 212] },
  },
  Europe: {
    name: 'Europe',
    trainShare: 0.45,
    land: { texture: 'meadow', base: [70, 120, 50], alt: [110, 150, 66], accent: [220, 210, 120] },
    water: { texture: 'lake', shallow: [104, 134, 164], deep: [56, 82, 120], highlight: [196, 208, 222] },
    sky: { top: [130, 160, 200], horizon: [200, 210, 220] },
    plumage: [[120, 84, 60], [90, 96, 104], [200, 196, 186], [50, 44, 40], [170, 120, 70]],
    pattern: 'plain',
    light: { tint: [0.95, 0.98, 1.04], contrast: 0.95, haze: 0.05, hazeColor: [200, 205, 215] },
  },
};
