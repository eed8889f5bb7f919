// File uploads with progress. fetch() cannot report upload progress in every browser, so this
// one call uses XMLHttpRequest; errors come back as the same ApiError the JSON client throws.
import type { ErrorBody, StoredFile } from '@citygov/contracts';
import { ApiError, csrfToken } from './client.ts';

export interface UploadOptions {
  /** 0..100 as the bytes leave the browser. */
  onProgress?: (percent: number) => void;
  signal?: AbortSignal;
}

function errorBodyOf(xhr: XMLHttpRequest): ErrorBody {
  try {
    const data: unknown = JSON.parse(xhr.responseText);
    if (typeof data === 'object' && data !== null && 'code' in data && 'message' in data) {
      return data as ErrorBody;
    }
  } catch {
    // not our API's answer (a proxy's page): fall through
  }
  return {
    code:
      xhr.status === 413 ? 'payload_too_large' : xhr.status >= 500 ? 'unavailable' : 'bad_request',
    message: xhr.statusText,
  };
}

/** Uploads one file to POST /api/files (stored once by its sha256). */
export function uploadFile(file: File, options: UploadOptions = {}): Promise<StoredFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/files');
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    const token = csrfToken();
    if (token) xhr.setRequestHeader('x-csrf-token', token);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && options.onProgress) {
        options.onProgress(Math.round((event.loaded / event.total) * 100));
      }
    };
    xhr.onload = () => {
      if (xhr.status === 201 || xhr.status === 200) {
        resolve(JSON.parse(xhr.responseText) as StoredFile);
      } else {
        reject(new ApiError(xhr.status, errorBodyOf(xhr)));
      }
    };
    // The same signal the JSON client gives for a failed network.
    xhr.onerror = () => reject(new TypeError('network'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const body = new FormData();
    body.append('file', file, file.name);
    xhr.send(body);
  });
}
