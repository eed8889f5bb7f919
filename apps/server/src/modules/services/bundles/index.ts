// 一件事一次办 (bundles), part of the services module: routes and the definitions' storage.
export { registerBundleRoutes } from './bundle-routes.ts';
export { checkBundleSpec, type BundleSpec, type BundleFieldSpec } from './bundle-definition.ts';
export { saveBundle, loadBundles } from './bundle-repository.ts';
export { submitBundle } from './submit-bundle.ts';
export { BUNDLE_APPLICATION_SUBJECT } from './bundle-applications.ts';
