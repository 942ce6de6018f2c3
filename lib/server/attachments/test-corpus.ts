import { crc32, deflateSync } from "node:zlib";
import sharp, { type Sharp } from "sharp";

/**
 * Images and attacks generated on the fly for the attachment tests (unit, integration and
 * browser); nothing binary is checked in.
 */

const GPS_EXIF = {
  IFD0: { Make: "ExamplePhone", Model: "Test 1", Copyright: "owner" },
  IFD3: {
    GPSLatitudeRef: "N",
    GPSLatitude: "35/1 39/1 2934/100",
    GPSLongitudeRef: "E",
    GPSLongitude: "139/1 42/1 1234/100",
  },
};

/** A small screenshot-like picture: a coloured gradient with a label band, `width`×`height`. */
export function screenshotPixels(width = 96, height = 64, seed = 0): Sharp {
  const channels = 3;
  const pixels = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const offset = (y * width + x) * channels;
      pixels[offset] = (x * 255) / width;
      pixels[offset + 1] = (y * 255) / height;
      pixels[offset + 2] = y < height / 4 ? 40 + seed * 50 : 200;
    }
  }
  return sharp(pixels, { raw: { width, height, channels } });
}

export const samplePng = (seed = 0, width = 96, height = 64) => screenshotPixels(width, height, seed).png().toBuffer();
export const sampleJpeg = (seed = 0) => screenshotPixels(96, 64, seed).jpeg({ quality: 90 }).toBuffer();
export const sampleWebp = (seed = 0) => screenshotPixels(96, 64, seed).webp({ quality: 90 }).toBuffer();

/** A JPEG carrying camera make/model and a GPS position in EXIF, as a phone photo would. */
export const jpegWithGps = (orientation?: number) => {
  let image = screenshotPixels().jpeg({ quality: 90 }).withExif(GPS_EXIF);
  if (orientation) image = image.withMetadata({ orientation });
  return image.toBuffer();
};
export const pngWithExif = () => screenshotPixels().png().withExif(GPS_EXIF).toBuffer();
export const webpWithExif = () => screenshotPixels().webp().withExif(GPS_EXIF).toBuffer();

export function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Inserts ancillary chunks right after IHDR (signature 8 bytes + IHDR 25 bytes). */
export function withPngChunks(png: Buffer, chunks: Buffer[]): Buffer {
  return Buffer.concat([png.subarray(0, 33), ...chunks, png.subarray(33)]);
}

export const pngTextChunk = (keyword: string, text: string) =>
  pngChunk("tEXt", Buffer.concat([Buffer.from(keyword, "latin1"), Buffer.from([0]), Buffer.from(text, "latin1")]));

/**
 * A PNG whose header claims 50,000 × 50,000 pixels (2.5 gigapixels, ~7.5 GB decoded) with a tiny
 * compressed body: the classic decompression bomb. Built by hand, never allocated.
 */
export function pngPixelBomb(width = 50_000, height = 50_000): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const oneRow = Buffer.alloc(1 + width * 3);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(oneRow)),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A real JPEG whose frame header is rewritten to claim `width`×`height`. */
export async function jpegPixelBomb(width = 50_000, height = 50_000): Promise<Buffer> {
  const jpeg = Buffer.from(await sampleJpeg());
  for (let offset = 2; offset < jpeg.length; ) {
    const marker = jpeg[offset + 1]!;
    const length = jpeg.readUInt16BE(offset + 2);
    if (marker === 0xc0 || marker === 0xc2) {
      jpeg.writeUInt16BE(height, offset + 5);
      jpeg.writeUInt16BE(width, offset + 7);
      return jpeg;
    }
    offset += 2 + length;
  }
  throw new Error("no frame header");
}

export const htmlRenamedAsPng = () => Buffer.from("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>");
export const svgWithScript = () =>
  Buffer.from(
    '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>',
  );
export const pngWithTrailingHtml = async () => Buffer.concat([await samplePng(), htmlRenamedAsPng()]);
export const jpegWithTrailingHtml = async () => Buffer.concat([await sampleJpeg(), htmlRenamedAsPng()]);
export const truncatedJpeg = async () => {
  const jpeg = await sampleJpeg();
  return jpeg.subarray(0, Math.floor(jpeg.length * 0.6));
};
export const truncatedPng = async () => {
  const png = await samplePng();
  return png.subarray(0, png.length - 20);
};
/** JPEG bytes behind a PNG signature: the magic says one thing, the content another. */
export const jpegBehindPngMagic = async () =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), await sampleJpeg()]);
export const gifImage = () => screenshotPixels().gif().toBuffer();
/** One byte over 10 MB, starting like a PNG: refused on size before anything reads it. */
export function oversizeFile(): Buffer {
  const bytes = Buffer.alloc(10 * 1024 * 1024 + 1);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
  return bytes;
}

/** Decoded RGB(A) pixels, to prove stripping kept every pixel. */
export async function decodedPixels(image: Buffer): Promise<Buffer> {
  return sharp(image).raw().toBuffer();
}

/** True when an EXIF block carries a GPS IFD pointer (tag 0x8825), in either byte order. */
export function exifHasGps(exif: Buffer | undefined): boolean {
  if (!exif) return false;
  return exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]));
}

/** Bits into bytes as a JPEG scan writes them: most significant first, 0xFF followed by a stuffed 0x00. */
class ScanBits {
  private readonly bytes: number[] = [];
  private current = 0;
  private filled = 0;

  write(value: number, length: number): void {
    for (let bit = length - 1; bit >= 0; bit--) {
      this.current = (this.current << 1) | ((value >> bit) & 1);
      if (++this.filled < 8) continue;
      this.bytes.push(this.current);
      if (this.current === 0xff) this.bytes.push(0);
      this.current = 0;
      this.filled = 0;
    }
  }

  /** Pads the last byte with 1-bits, as the standard asks. */
  finish(): Buffer {
    if (this.filled) this.write(0xff, 8 - this.filled);
    return Buffer.from(this.bytes);
  }
}

function jpegSegment(marker: number, payload: number[]): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(0xff00 | marker, 0);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, Buffer.from(payload)]);
}

/**
 * A valid grayscale progressive JPEG that is nearly all scans: the DC scan, then every AC
 * coefficient on its own sent in 14 successive-approximation passes (883 scans in all, each
 * legal). Every pixel is the same grey, so each scan is a few bytes of end-of-band runs and a
 * 4000 × 4000 image is about 60 KB, yet a decoder walks every block once per scan: seconds of CPU
 * per decode. The attack of issue 13, item 1.
 */
export function jpegWithManyScans(width = 4000, height = 4000): Buffer {
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const dcCodeLengths = [1, ...Array<number>(15).fill(0)]; // one code "0": difference category 0
  const acCodeLengths = [0, 0, 0, 15, ...Array<number>(12).fill(0)]; // EOB0…EOB14 runs, 4 bits each
  const parts = [
    Buffer.from([0xff, 0xd8]),
    jpegSegment(0xdb, [0, ...Array<number>(64).fill(1)]),
    jpegSegment(0xc2, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]),
    jpegSegment(0xc4, [0x00, ...dcCodeLengths, 0]),
    jpegSegment(0xc4, [0x10, ...acCodeLengths, ...Array.from({ length: 15 }, (_, run) => run << 4)]),
  ];
  const scanHeader = (start: number, end: number, high: number, low: number) => jpegSegment(0xda, [1, 1, 0x00, start, end, (high << 4) | low]);

  const dc = new ScanBits();
  for (let block = 0; block < blocks; block++) dc.write(0, 1);
  parts.push(scanHeader(0, 0, 0, 0), dc.finish());

  // Every block of an AC scan is inside one end-of-band run of at most 32767 blocks.
  const runs = new ScanBits();
  for (let left = blocks; left > 0; ) {
    const run = Math.min(left, 32767);
    const bits = 31 - Math.clz32(run);
    runs.write(bits, 4);
    if (bits) runs.write(run - (1 << bits), bits);
    left -= run;
  }
  const emptyScan = runs.finish();
  for (let coefficient = 1; coefficient <= 63; coefficient++) {
    parts.push(scanHeader(coefficient, coefficient, 0, 13), emptyScan);
    for (let bit = 13; bit >= 1; bit--) parts.push(scanHeader(coefficient, coefficient, bit, bit - 1), emptyScan);
  }
  parts.push(Buffer.from([0xff, 0xd9]));
  return Buffer.concat(parts);
}
