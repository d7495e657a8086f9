import fs from "node:fs";
import { imageSize } from "image-size";

export type Dimensions = { width: number; height: number };

/** An image's intrinsic size in CSS pixels (an SVG's width/height or viewBox), or null when it cannot be read. */
export function imageDimensionsOf(bytes: Uint8Array): Dimensions | null {
  try {
    const size = imageSize(bytes);
    // JPEG orientations 5–8 are drawn rotated: the box the browser reserves is the other way round.
    const rotated = size.orientation !== undefined && size.orientation >= 5;
    const width = rotated ? size.height : size.width;
    const height = rotated ? size.width : size.height;
    if (!width || !height || width < 1 || height < 1) return null;
    return { width: Math.round(width), height: Math.round(height) };
  } catch {
    return null;
  }
}

export function imageDimensions(file: string): Dimensions | null {
  try {
    return imageDimensionsOf(fs.readFileSync(file));
  } catch {
    return null;
  }
}
