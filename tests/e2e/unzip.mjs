// Reads one file out of a .zip (an .xlsx workbook) with Node's zlib: the
// tests check what a downloaded workbook holds without a spreadsheet library.
import { inflateRawSync } from 'node:zlib';

/** The text of `name` inside the zip `buf`, or null. */
export function unzipText(buf, name) {
  // The central directory lists each file with its offset and sizes.
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) return null;
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const offset = buf.readUInt32LE(p + 42);
    const fileName = buf.subarray(p + 46, p + 46 + nameLen).toString();
    if (fileName === name) {
      const start = offset + 30 + buf.readUInt16LE(offset + 26) + buf.readUInt16LE(offset + 28);
      const data = buf.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    p += 46 + nameLen + extraLen + commentLen;
  }
  return null;
}
