// What an uploaded file really is, from its bytes (never the client's word), and which
// types the platform accepts.
import fs from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';
import { ConfigError } from '../config.ts';

export const OFD_MEDIA_TYPE = 'application/ofd';
export const DOCX_MEDIA_TYPE =
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Photos, scans and the document formats government materials come in. */
export const defaultAllowedMediaTypes: readonly string[] = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'application/pdf',
  OFD_MEDIA_TYPE,
  DOCX_MEDIA_TYPE,
  XLSX_MEDIA_TYPE,
];

export interface SniffedType {
  mediaType: string;
  /** Usual file extension, without the dot ('bin' when unknown). */
  extension: string;
}

/** Reads UPLOAD_ALLOWED_TYPES (comma-separated media types); the defaults when unset. */
export function readAllowedMediaTypes(env: NodeJS.ProcessEnv = process.env): readonly string[] {
  const raw = env.UPLOAD_ALLOWED_TYPES;
  if (raw === undefined || raw.trim() === '') return defaultAllowedMediaTypes;
  const types = raw
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  for (const type of types) {
    if (!/^[a-z0-9][a-z0-9.+-]*\/[a-z0-9][a-z0-9.+-]*$/.test(type)) {
      throw new ConfigError(
        `UPLOAD_ALLOWED_TYPES must be a comma-separated list of media types, got "${type}"`,
      );
    }
  }
  return types;
}

async function readRange(file: fs.FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_ENTRY_SIGNATURE = 0x02014b50;

/** Whether a zip file is an OFD document (GB/T 33190): its root holds OFD.xml. */
export async function isOfdPackage(filePath: string): Promise<boolean> {
  const file = await fs.open(filePath, 'r');
  try {
    const { size } = await file.stat();
    // The end-of-central-directory record sits in the last 22 bytes + up to 64 KiB of comment.
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = await readRange(file, size - tailLength, tailLength);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) return false;
    const directorySize = tail.readUInt32LE(eocd + 12);
    const directoryOffset = tail.readUInt32LE(eocd + 16);
    if (directorySize > 16 * 1024 * 1024 || directoryOffset + directorySize > size) return false;
    const directory = await readRange(file, directoryOffset, directorySize);
    let at = 0;
    while (at + 46 <= directory.length && directory.readUInt32LE(at) === CENTRAL_ENTRY_SIGNATURE) {
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      const name = directory.toString('utf8', at + 46, at + 46 + nameLength);
      if (name === 'OFD.xml') return true;
      at += 46 + nameLength + extraLength + commentLength;
    }
    return false;
  } finally {
    await file.close();
  }
}

async function isPlainText(filePath: string): Promise<boolean> {
  const file = await fs.open(filePath, 'r');
  try {
    const head = await readRange(file, 0, 4096);
    if (head.length === 0 || head.includes(0)) return false;
    // A multi-byte character may be cut at the end of the sample: drop up to 3 trailing bytes.
    for (let cut = 0; cut <= 3 && cut < head.length; cut++) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, head.length - cut));
        return true;
      } catch {
        // try a shorter sample
      }
    }
    return false;
  } finally {
    await file.close();
  }
}

/** The media type the file's bytes show; text and unknown binaries are named too. */
export async function sniffMediaType(filePath: string): Promise<SniffedType> {
  const found = await fileTypeFromFile(filePath);
  if (found?.mime === 'application/zip' && (await isOfdPackage(filePath))) {
    return { mediaType: OFD_MEDIA_TYPE, extension: 'ofd' };
  }
  if (found) return { mediaType: found.mime, extension: found.ext };
  if (await isPlainText(filePath)) return { mediaType: 'text/plain', extension: 'txt' };
  return { mediaType: 'application/octet-stream', extension: 'bin' };
}

const extensions: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'application/pdf': 'pdf',
  [OFD_MEDIA_TYPE]: 'ofd',
  [DOCX_MEDIA_TYPE]: 'docx',
  [XLSX_MEDIA_TYPE]: 'xlsx',
  'application/zip': 'zip',
  'text/plain': 'txt',
};

/** The usual extension of a media type, for names made up when the client sent none. */
export const extensionOf = (mediaType: string) => extensions[mediaType] ?? 'bin';
