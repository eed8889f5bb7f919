// Construction-waste supervision (建筑渣土): the registry (companies, trucks, drivers, sites,
// disposal sites, routes, disposal approvals), manifests (联单) on the workflow engine, and
// statistics. This file is the module's only public face.
export {
  findTruckByPlate,
  findTruckByTerminalPhone,
  getManifestAllowances,
  listOpenManifestsOfTruck,
  listWasteFences,
  listWatchedTrucks,
} from './manifests/manifest-watch.ts';
export type {
  AllowedDisposalSite,
  AllowedRoute,
  ManifestAllowances,
  OpenManifest,
  WasteFence,
  WatchedTruck,
} from './manifests/manifest-watch.ts';
