import { Type, type Static } from 'typebox';

/** A stored file's answer to an upload: the content's sha256 names it. */
export const StoredFile = Type.Object({
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  size: Type.Integer({ minimum: 0 }),
  mediaType: Type.String(),
  name: Type.String(),
});
export type StoredFile = Static<typeof StoredFile>;

/** The upload form, for the API documentation: one part named "file". */
export const FileUploadForm = Type.Object({
  file: Type.String({ format: 'binary', description: 'the file; its type is read from its bytes' }),
});

export const FileParams = Type.Object(
  { sha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'lower-case hex sha256' }) },
  { additionalProperties: false },
);
export type FileParams = Static<typeof FileParams>;

export const FileQuery = Type.Object(
  {
    download: Type.Optional(
      Type.Boolean({ description: 'true: always answer as an attachment, never inline' }),
    ),
  },
  { additionalProperties: false },
);
export type FileQuery = Static<typeof FileQuery>;
