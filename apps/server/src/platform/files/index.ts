// Files: the public face other parts of the platform and the modules use.
export {
  findAccessibleFile,
  linkFile,
  registerFileAccess,
  unlinkFile,
  type FileAccessChecker,
  type FileLink,
} from './file-access.ts';
export { registerFileRoutes } from './file-routes.ts';
export { defaultAllowedMediaTypes, readAllowedMediaTypes } from './file-types.ts';
